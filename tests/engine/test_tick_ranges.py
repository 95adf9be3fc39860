"""TICKS_NEVER_END (cfg.py, GL009): a goroutine ranging over a ticker's channel
(`for range t.ticker.C`, `for range time.Tick(d)`) never leaves the range, since the
channel is never closed: `Stop` stops the ticks and leaves the goroutine blocked for
good (blind corpus p56, proved under goleak; grpc's binarylog sink on real code). A
range with a way out of its body, or a goroutine of `main`, stays silent."""

from goleash.engine import analyze_source

METER = b"""package meter

import "time"

type Meter struct {
	ticker *time.Ticker
	n      int
}

func NewMeter(d time.Duration) *Meter {
	m := &Meter{ticker: time.NewTicker(d)}
	go m.tickLoop()
	return m
}

func (m *Meter) tickLoop() {
	for range m.ticker.C {
		m.n++
	}
}

func (m *Meter) Stop() { m.ticker.Stop() }
"""

WITH_A_WAY_OUT = METER.replace(
    b"type Meter struct {\n", b"type Meter struct {\n\tstop chan struct{}\n"
).replace(
    b"\t\tm.n++\n",
    b"\t\tselect {\n\t\tcase <-m.stop:\n\t\t\treturn\n\t\tdefault:\n\t\t}\n\t\tm.n++\n",
)

FLUSHER = b"""package flush

import (
	"context"
	"time"
)

func Start(ctx context.Context, d time.Duration, flush func()) {
	go func() {
		for range time.Tick(d) {
			flush()
		}
	}()
}
"""

FROM_MAIN = FLUSHER.replace(b"package flush", b"package main").replace(
    b"func Start(ctx context.Context, d time.Duration, flush func()) {",
    b"func main() {\n\tctx, d, flush := context.Background(), time.Second, func() {}\n\t_ = ctx",
)


def _ticks(source: bytes, name: str):
    return [
        (f.span.start.row + 1, f.message)
        for f in analyze_source(source, name).findings
        if f.code == "GL009"
    ]


def test_a_range_over_a_stopped_tickers_channel_never_ends():
    found = _ticks(METER, "meter.go")
    assert [row for row, _ in found] == [17]
    assert (
        "ranges over `m.ticker.C`, which is never closed (stopping a ticker does not close"
        in found[0][1]
    )


def test_a_range_over_time_tick_in_a_goroutine_never_ends():
    # The context in scope is the stop the loop was promised (NO_STOP_PROMISED).
    assert [row for row, _ in _ticks(FLUSHER, "flush.go")] == [10]


def test_a_tick_loop_nothing_was_meant_to_stop_is_the_process_s_own():
    """NO_STOP_PROMISED: no context, no stop channel, no stopping method in sight: a
    refresher started once by its constructor, meant to run with the process."""
    bare = FLUSHER.replace(b"ctx context.Context, ", b"").replace(
        b'import (\n\t"context"\n\t"time"\n)', b'import "time"'
    )
    assert b"ctx" not in bare
    assert _ticks(bare, "flush.go") == []


def test_a_way_out_of_the_body_or_a_goroutine_of_main_is_silent():
    assert WITH_A_WAY_OUT != METER and FROM_MAIN != FLUSHER
    assert _ticks(WITH_A_WAY_OUT, "meter.go") == []
    assert _ticks(FROM_MAIN, "main.go") == []
