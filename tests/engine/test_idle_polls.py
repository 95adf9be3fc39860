"""IDLE_BRANCH_IGNORES_STOP (analysis/idle_polls.py, reported by GL009): a polling loop
that waits on `ctx.Done()` on one branch, while its idle branch sleeps and goes round
again without looking at `ctx`. Proved at run time by the blind corpus's dev program p32
under goleak; here, what is reported and the near misses that are not."""

from goleash.engine import analyze_source

LEAKY = b"""package tail

import (
	"bufio"
	"context"
	"io"
	"time"
)

func follow(ctx context.Context, r *bufio.Reader, poll time.Duration, lines chan<- string) {
	defer close(lines)
	for {
		line, err := r.ReadString('\\n')
		if err == io.EOF {
			time.Sleep(poll)
			continue
		}
		if err != nil {
			return
		}
		select {
		case lines <- line:
		case <-ctx.Done():
			return
		}
	}
}

func Follow(ctx context.Context, r io.Reader) <-chan string {
	lines := make(chan string)
	go follow(ctx, bufio.NewReader(r), 10*time.Millisecond, lines)
	return lines
}
"""

# The idle branch waits in a select that also ends with ctx.
FIXED = LEAKY.replace(
    b"\t\t\ttime.Sleep(poll)\n",
    b"\t\t\tselect {\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\tcase <-time.After(poll):\n\t\t\t}\n",
)

# Every iteration looks at ctx before it can take the idle branch.
CHECKED_FIRST = LEAKY.replace(
    b"\t\tline, err := r.ReadString('\\n')\n",
    b"\t\tif ctx.Err() != nil {\n\t\t\treturn\n\t\t}\n\t\tline, err := r.ReadString('\\n')\n",
)

# The idle branch gives up after a few tries: it cannot go round for ever.
BOUNDED = LEAKY.replace(
    b"\t\tif err == io.EOF {\n\t\t\ttime.Sleep(poll)\n",
    b"\t\tif err == io.EOF {\n\t\t\tif tries++; tries > 3 {\n\t\t\t\treturn\n\t\t\t}\n\t\t\ttime.Sleep(poll)\n",
).replace(b"\tdefer close(lines)\n", b"\tdefer close(lines)\n\ttries := 0\n")


def _idle(source: bytes):
    return [f for f in analyze_source(source, "tail.go").findings if f.code == "GL009"]


def test_an_idle_branch_that_sleeps_past_ctx_is_reported_at_the_sleep():
    found = _idle(LEAKY)
    assert len(found) == 1
    f = found[0]
    assert f.span.start.row + 1 == 15
    assert "polls forever once `ctx` is done while it is idle" in f.message
    assert [r.message for r in f.related] == [
        "the loop looks at `ctx.Done()` only here",
        "the goroutine is started here",
    ]
    assert any("Sleep in a `select` with `case <-ctx.Done(): return`" in x.title for x in f.fixes)


def test_the_fixed_idle_branch_is_silent():
    assert FIXED != LEAKY
    assert _idle(FIXED) == []


def test_a_loop_that_checks_ctx_first_on_every_iteration_is_silent():
    assert CHECKED_FIRST != LEAKY
    assert _idle(CHECKED_FIRST) == []


def test_an_idle_branch_with_its_own_way_out_is_silent():
    assert BOUNDED != LEAKY
    assert _idle(BOUNDED) == []


REDIAL = b"""package uplink

import (
	"context"
	"errors"
	"net"
	"time"
)

type Uplink struct {
	addr   string
	cancel context.CancelFunc
}

func (u *Uplink) Start(ctx context.Context) {
	ctx, u.cancel = context.WithCancel(ctx)
	go u.run(ctx)
}

func (u *Uplink) Stop() { u.cancel() }

func (u *Uplink) run(ctx context.Context) {
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", u.addr)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		_, err = conn.Write([]byte("hello"))
		conn.Close()
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, net.ErrClosed) {
			continue
		}
	}
}
"""


def test_a_context_handed_to_the_failing_call_is_no_look_at_it() -> None:
    """HANDED_IS_NOT_LOOKED_AT: once ctx is done the dial fails at once, and the idle
    branch sleeps and redials for ever; the loop reads `ctx.Err()` only elsewhere."""
    (found,) = [f for f in analyze_source(REDIAL, "uplink.go").findings if f.code == "GL009"]
    assert found.location.span.start.row == REDIAL[: REDIAL.index(b"\t\t\ttime.Sleep")].count(b"\n")
    assert found.related[0].message == "the loop looks at `ctx.Err()` only here"


def test_a_look_at_the_context_before_the_idle_branch_is_a_check() -> None:
    checked = REDIAL.replace(
        b"\t\tif err != nil {\n\t\t\ttime.Sleep",
        b"\t\tif err != nil && ctx.Err() == nil {\n\t\t\ttime.Sleep",
    )
    assert [f for f in analyze_source(checked, "uplink.go").findings if f.code == "GL009"] == []
