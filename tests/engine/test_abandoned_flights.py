"""Flights a registry publishes for followers to wait on (analysis/abandoned_flights.py,
reported by GL029): the leaky shape and its twin are the fixtures
`GL029/abandoned_flight` and `GL029/fixed_abandoned_flight`, proved under goleak; here,
the near misses each guard keeps silent."""

from goleash.engine import analyze_source

FLIGHT = b"""package flight

import "sync"

type call struct {
	done bool
	val  int
}

type group struct {
	mu    sync.Mutex
	cond  *sync.Cond
	calls map[string]*call
}

func (g *group) begin(key string) (*call, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c, false
	}
	c := &call{}
	g.calls[key] = c
	return c, true
}

func (g *group) await(c *call) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !c.done {
		g.cond.Wait()
	}
	return c.val
}

func (g *group) end(key string, c *call, v int) {
	g.mu.Lock()
	c.done, c.val = true, v
	delete(g.calls, key)
	g.mu.Unlock()
	g.cond.Broadcast()
}

func (g *group) Get(key string, load func() (int, error)) (int, error) {
	c, leader := g.begin(key)
	if !leader {
		return g.await(c), nil
	}
	v, err := load()
	if err != nil {
		return 0, err
	}
	g.end(key, c, v)
	return v, nil
}
"""

# LEADER: the leader ends the flight in a `defer`: every way out finishes it.
DEFERRED = FLIGHT.replace(
    b"\tv, err := load()\n\tif err != nil {\n\t\treturn 0, err\n\t}\n\tg.end(key, c, v)\n",
    b"\tv, err := load()\n\tdefer func() { g.end(key, c, v) }()\n\tif err != nil {\n"
    b"\t\treturn 0, err\n\t}\n",
)

# LEADER: a `return` under a test of the take's own names is the follower's way (here,
# a registry that refuses with an error) or the publisher's failure, not a leader's.
REFUSED = (
    FLIGHT.replace(
        b"func (g *group) begin(key string) (*call, bool) {",
        b"func (g *group) begin(key string) (*call, bool, error) {",
    )
    .replace(b"return c, false\n", b"return c, false, nil\n")
    .replace(b"return c, true\n", b"return c, true, nil\n")
    .replace(
        b"\tc, leader := g.begin(key)\n",
        b"\tc, leader, err := g.begin(key)\n\tif err != nil {\n\t\treturn 0, err\n\t}\n",
    )
    .replace(b"\tv, err := load()\n", b"\tv, lerr := load()\n")
    .replace(
        b"\tif err != nil {\n\t\treturn 0, err\n\t}\n\tg.end",
        b"\tif lerr != nil {\n\t\tg.end(key, c, 0)\n\t\treturn 0, lerr\n\t}\n\tg.end",
    )
)

# FINISHER: the flag is set by the function that finishes the flight; a flight no
# registry publishes in a map is not one followers can find.
UNPUBLISHED = FLIGHT.replace(b"\tg.calls[key] = c\n", b"")


def _flights(source: bytes):
    return [
        f
        for f in analyze_source(source, "flight.go").findings
        if f.code == "GL029" and "handed it" in f.message
    ]


def test_a_leader_returning_on_an_error_without_ending_its_flight_is_reported():
    found = _flights(FLIGHT)
    assert [(f.span.start.row + 1, f.span.start.column) for f in found] == [(31, 2)]
    assert "which only `end` sets, and `Get` returns at line 51" in found[0].message
    assert [r.message for r in found[0].related] == [
        "`Get` takes the flight here",
        "`Get` returns here without finishing it",
        "the flight is finished here on another way out",
    ]


def test_near_misses_are_silent():
    for source in (DEFERRED, REFUSED, UNPUBLISHED):
        assert source != FLIGHT
        assert _flights(source) == []
