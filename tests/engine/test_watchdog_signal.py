"""WATCHDOG_SIGNAL: a goroutine that waits on the caller's context beside a `finished`
channel its starter closes when the work is done. A way out that skips the close leaves it
until the caller's context ends (forever, for a background one). Proved at run time by
the blind corpus's dev program p23 under goleak; here, what is reported and what is not."""

from goleash.engine import analyze_source

LEAKY = b"""package kv

import (
	"context"
	"errors"
	"net"
	"time"
)

type Conn struct{ nc net.Conn }

func (c *Conn) interruptOn(ctx context.Context, finished <-chan struct{}) {
	select {
	case <-ctx.Done():
		c.nc.SetDeadline(time.Unix(1, 0))
	case <-finished:
	}
}

func (c *Conn) Query(ctx context.Context, line string) (string, error) {
	finished := make(chan struct{})
	go c.interruptOn(ctx, finished)
	if _, err := c.nc.Write([]byte(line)); err != nil {
		return "", err
	}
	buf := make([]byte, 512)
	n, err := c.nc.Read(buf)
	close(finished)
	if err != nil {
		return "", errors.New("read: " + err.Error())
	}
	return string(buf[:n]), nil
}
"""

# The same with the close deferred: every way out releases the watcher.
FIXED = LEAKY.replace(
    b"\tgo c.interruptOn(ctx, finished)\n",
    b"\tdefer close(finished)\n\tgo c.interruptOn(ctx, finished)\n",
).replace(b"\tclose(finished)\n\tif err", b"\tif err")

# The starter derives (and cancels) the context itself: its return ends the wait.
OWN_CONTEXT = LEAKY.replace(
    b"\tfinished := make(chan struct{})\n",
    b"\tctx, cancel := context.WithCancel(ctx)\n\tdefer cancel()\n\tfinished := make(chan struct{})\n",
)


def _gl003(source: bytes):
    return [f for f in analyze_source(source, "conn.go").findings if f.code == "GL003"]


def test_a_skipped_close_leaves_the_watcher_to_the_callers_context():
    found = _gl003(LEAKY)
    assert len(found) == 1
    f = found[0]
    assert f.span.start.row + 1 == 13  # the select the goroutine waits in
    assert "until the caller's context ends" in f.message
    assert "returns at line 24" in f.message
    assert any(fix.title.startswith("Move `close(finished)` into a `defer`") for fix in f.fixes)


def test_a_close_on_every_way_out_is_silent():
    assert FIXED != LEAKY
    assert _gl003(FIXED) == []


def test_a_context_the_starter_cancels_itself_releases_the_watcher():
    assert OWN_CONTEXT != LEAKY
    assert _gl003(OWN_CONTEXT) == []
