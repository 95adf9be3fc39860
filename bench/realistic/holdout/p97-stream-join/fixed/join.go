package streamjoin

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrAlreadyRunning is returned by Run when the Joiner is already running.
var ErrAlreadyRunning = errors.New("streamjoin: joiner already running")

// Stats are cumulative counters of a Joiner.
type Stats struct {
	Received [2]int // records received per side
	Emitted  int    // pairs accepted by the sink
	Late     int    // records dropped as late
	Evicted  int    // records dropped by watermark eviction
	Overflow int    // records dropped by the per-key bound
	Buffered [2]int // records currently buffered per side
}

// Joiner joins two keyed streams within an event-time window.
// A Joiner may be run many times, but not concurrently.
type Joiner struct {
	cfg Config

	mu      sync.Mutex
	running bool
	stats   Stats
}

// New returns a Joiner for cfg.
func New(cfg Config) (*Joiner, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.MaxPerKey == 0 {
		cfg.MaxPerKey = DefaultMaxPerKey
	}
	return &Joiner{cfg: cfg}, nil
}

// Stats returns a snapshot of the joiner's counters.
func (j *Joiner) Stats() Stats {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stats
}

// tagged is a record annotated with the input it came from. eof marks the end
// of that input.
type tagged struct {
	side Side
	rec  Record
	eof  bool
}

// Run joins the records read from left and right until both channels are
// closed, ctx is done, or the sink fails. Pairs are emitted in the order in
// which the completing record arrives.
func (j *Joiner) Run(ctx context.Context, left, right <-chan Record) error {
	j.mu.Lock()
	if j.running {
		j.mu.Unlock()
		return ErrAlreadyRunning
	}
	j.running = true
	j.mu.Unlock()
	defer func() {
		j.mu.Lock()
		j.running = false
		j.mu.Unlock()
	}()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	merged := make(chan tagged)
	go forward(ctx, Left, left, merged)
	go forward(ctx, Right, right, merged)

	state := newWindowState(j.cfg.Window, j.cfg.AllowedLateness, j.cfg.MaxPerKey)
	for open := 2; open > 0; {
		var m tagged
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m = <-merged:
		}
		if m.eof {
			state.end(m.side)
			open--
			j.record(func(s *Stats) { s.Evicted += state.evict() })
			continue
		}
		if err := j.process(ctx, state, m.side, m.rec); err != nil {
			return fmt.Errorf("streamjoin: %s record %q: %w", m.side, m.rec.Key, err)
		}
	}
	return nil
}

// process joins one record against the opposite side and buffers it.
func (j *Joiner) process(ctx context.Context, state *windowState, side Side, r Record) error {
	j.record(func(s *Stats) { s.Received[side]++ })
	if state.isLate(r) {
		j.record(func(s *Stats) { s.Late++ })
		if j.cfg.OnLate != nil {
			j.cfg.OnLate(side, r)
		}
		return nil
	}
	for _, o := range state.matches(side.other(), r) {
		p := Pair{Key: r.Key, Left: r, Right: o}
		if side == Right {
			p.Left, p.Right = o, r
		}
		if err := j.cfg.Sink.Emit(ctx, p); err != nil {
			return fmt.Errorf("emit: %w", err)
		}
		j.record(func(s *Stats) { s.Emitted++ })
	}
	dropped := state.add(side, r)
	evicted := state.evict()
	j.record(func(s *Stats) {
		s.Overflow += dropped
		s.Evicted += evicted
		s.Buffered = [2]int{state.sides[Left].count, state.sides[Right].count}
	})
	return nil
}

func (j *Joiner) record(f func(*Stats)) {
	j.mu.Lock()
	f(&j.stats)
	j.mu.Unlock()
}

// forward copies records from in to out, tagging them with side, and sends a
// final eof marker once in is closed.
func forward(ctx context.Context, side Side, in <-chan Record, out chan<- tagged) {
	for {
		msg := tagged{side: side}
		select {
		case <-ctx.Done():
			return
		case r, ok := <-in:
			msg.rec, msg.eof = r, !ok
		}
		select {
		case out <- msg:
		case <-ctx.Done():
			return
		}
		if msg.eof {
			return
		}
	}
}
