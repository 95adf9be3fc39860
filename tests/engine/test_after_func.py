"""AFTERFUNC_UNSTOPPABLE (cfg.dropped_after_func): `time.AfterFunc(d, f)` whose timer
is dropped runs `f` in a goroutine of its own once `d` has passed: a spawn, whose send
nobody may receive by then (blind corpus p52, proved under goleak). A kept timer may be
stopped before it fires, and a buffer takes the send: both stay silent."""

from goleash.engine import analyze_source

DRAIN = b"""package drain

import (
	"errors"
	"time"
)

var ErrForced = errors.New("forced")

func Drain(idle <-chan struct{}, grace time.Duration, open int) error {
	expired := make(chan struct{})
	time.AfterFunc(grace, func() {
		expired <- struct{}{}
	})
	if open == 0 {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-expired:
		return ErrForced
	}
}
"""

BUFFERED = DRAIN.replace(b"expired := make(chan struct{})", b"expired := make(chan struct{}, 1)")

KEPT_AND_STOPPED = DRAIN.replace(
    b"\ttime.AfterFunc(grace, func() {\n\t\texpired <- struct{}{}\n\t})\n",
    b"\tt := time.AfterFunc(grace, func() {\n\t\texpired <- struct{}{}\n\t})\n\tdefer t.Stop()\n",
)


def _found(source: bytes):
    return [(f.code, f.span.start.row + 1) for f in analyze_source(source, "drain.go").findings]


def test_a_dropped_timers_callback_is_a_goroutine_left_sending():
    assert _found(DRAIN) == [("GL001", 13)]


def test_a_buffered_channel_or_a_stopped_timer_is_silent():
    for source in (BUFFERED, KEPT_AND_STOPPED):
        assert source != DRAIN
        assert _found(source) == []
