"""ESCAPES_ON_ITS_PATH (analysis/liveness.py): an identity handed to code we cannot see
stops the judgement only on the paths through that hand-over. A way out reached before
it is judged with the partners known there: a connection handler that starts its
writer, returns on a failed handshake, and only later registers the client with a hub
(which may close its queue) leaves the writer ranging for good on the early path.

Drawn from the blind corpus's dev program p53, whose leak was missed because the hub
registration came after the abandoning return."""

from goleash.engine import analyze_source

HANDLER = b"""package presence

import (
	"errors"
	"net"
)

type client struct {
	conn net.Conn
	out  chan string
}

func (c *client) writeLoop() {
	defer c.conn.Close()
	for line := range c.out {
		c.conn.Write([]byte(line))
	}
}

func (c *client) notify(line string) {
	select {
	case c.out <- line:
	default:
	}
}

type Hub interface {
	Join(name string, c *client) bool
	Leave(name string)
}

func handshake(conn net.Conn) (string, error) {
	return "", errors.New("bad hello")
}

func serve(h Hub, conn net.Conn) error {
	c := &client{conn: conn, out: make(chan string, 8)}
	go c.writeLoop()
	name, err := handshake(conn)
	if err != nil {
		c.notify("ERR " + err.Error())
		return err
	}
	if !h.Join(name, c) {
		return errors.New("name in use")
	}
	defer func() {
		h.Leave(name)
		close(c.out)
	}()
	c.notify("OK " + name)
	return nil
}
"""

# The fix: the queue is closed on every way out, the early one included.
CLOSED_ON_EVERY_PATH = HANDLER.replace(
    b"\tgo c.writeLoop()\n", b"\tgo c.writeLoop()\n\tdefer close(c.out)\n"
).replace(b"\t\th.Leave(name)\n\t\tclose(c.out)\n", b"\t\th.Leave(name)\n")

# Handed to the hub before the handshake: every way out comes after the hand-over, and
# the hub may close the queue; nothing is certain.
JOINED_FIRST = HANDLER.replace(
    b"\tname, err := handshake(conn)\n",
    b'\tif !h.Join("", c) {\n\t\treturn errors.New("full")\n\t}\n\tname, err := handshake(conn)\n',
)

# Handed to a closure that runs who knows when: not placed on any path.
HANDED_TO_A_CALLBACK = (
    HANDLER.replace(
        b"\tgo c.writeLoop()\n",
        b"\tgo c.writeLoop()\n\tregister(func() { close(c.out) })\n",
    )
    + b"\nfunc register(f func()) {}\n"
)


def _ranges(source: bytes):
    return [f for f in analyze_source(source, "handler.go").findings if f.code == "GL008"]


def test_the_writer_left_ranging_on_the_early_return_is_reported():
    found = _ranges(HANDLER)
    assert [(f.span.start.row + 1, "`c.out`" in f.message) for f in found] == [(15, True)]
    related = {r.location.span.start.row + 1 for r in found[0].related}
    assert {37, 38, 42} <= related  # the make, the go statement, the early return


def test_a_queue_closed_on_every_path_is_silent():
    assert CLOSED_ON_EVERY_PATH != HANDLER
    assert _ranges(CLOSED_ON_EVERY_PATH) == []


def test_a_hand_over_before_every_way_out_stops_the_judgement():
    assert JOINED_FIRST != HANDLER
    assert _ranges(JOINED_FIRST) == []


def test_a_hand_over_inside_a_closure_stops_the_judgement():
    assert HANDED_TO_A_CALLBACK != HANDLER
    assert _ranges(HANDED_TO_A_CALLBACK) == []
