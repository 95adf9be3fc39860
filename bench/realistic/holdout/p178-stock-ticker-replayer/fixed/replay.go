// Package replay plays recorded market data back at (a multiple of) the speed
// it was recorded, fanning every tick out to a set of trading strategies so
// they can be exercised against a known session.
package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Tick is a single trade print.
type Tick struct {
	Symbol string
	Price  float64
	Size   int64
	Time   time.Time
}

// Source yields recorded ticks in timestamp order and io.EOF when exhausted.
type Source interface {
	Next(ctx context.Context) (Tick, error)
}

// Strategy consumes ticks. OnTick is called from a single goroutine per
// strategy, in the order ticks were recorded.
type Strategy interface {
	Name() string
	OnTick(ctx context.Context, t Tick) error
}

// Clock is the wall clock used for pacing.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Stats summarises a replay.
type Stats struct {
	Read      int
	Skipped   int
	Published int
	Elapsed   time.Duration
}

// Option configures a Replayer.
type Option func(*Replayer)

// WithSpeed replays at the given multiple of recorded speed. Zero or negative
// disables pacing entirely.
func WithSpeed(x float64) Option { return func(r *Replayer) { r.speed = x } }

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(r *Replayer) { r.clock = c } }

// WithBuffer sets how many ticks may queue up for each strategy before the
// replay waits for it to catch up.
func WithBuffer(n int) Option { return func(r *Replayer) { r.buffer = n } }

// WithSymbols restricts the replay to the given symbols.
func WithSymbols(symbols ...string) Option {
	return func(r *Replayer) {
		r.symbols = make(map[string]bool, len(symbols))
		for _, s := range symbols {
			r.symbols[s] = true
		}
	}
}

// WithErrorHandler is called whenever a strategy's OnTick fails. The default
// logs the error; strategies keep receiving ticks either way.
func WithErrorHandler(fn func(strategy string, t Tick, err error)) Option {
	return func(r *Replayer) { r.onError = fn }
}

// Replayer replays one recorded session.
type Replayer struct {
	src        Source
	strategies []Strategy
	clock      Clock
	speed      float64
	buffer     int
	symbols    map[string]bool
	onError    func(string, Tick, error)
}

// New returns a Replayer reading from src and feeding strategies.
func New(src Source, strategies []Strategy, opts ...Option) (*Replayer, error) {
	if src == nil {
		return nil, errors.New("replay: nil source")
	}
	if len(strategies) == 0 {
		return nil, errors.New("replay: no strategies")
	}
	seen := make(map[string]bool, len(strategies))
	for _, s := range strategies {
		if seen[s.Name()] {
			return nil, fmt.Errorf("replay: duplicate strategy %q", s.Name())
		}
		seen[s.Name()] = true
	}
	r := &Replayer{
		src:        src,
		strategies: strategies,
		clock:      systemClock{},
		speed:      1,
		buffer:     64,
	}
	for _, o := range opts {
		o(r)
	}
	if r.buffer < 0 {
		r.buffer = 0
	}
	if r.onError == nil {
		r.onError = func(name string, t Tick, err error) {
			log.Printf("replay: strategy %s on %s@%s: %v", name, t.Symbol, t.Time.Format(time.RFC3339Nano), err)
		}
	}
	return r, nil
}

// Run replays the whole source. It returns when the source is exhausted and
// every strategy has processed every tick, or on the first read or pacing
// error.
func (r *Replayer) Run(ctx context.Context) (Stats, error) {
	start := r.clock.Now()
	fo := newFanout(r.buffer, r.onError)
	for _, s := range r.strategies {
		fo.add(ctx, s)
	}
	defer fo.close()
	p := newPacer(r.clock, r.speed)

	var st Stats
	for {
		t, err := r.src.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, fmt.Errorf("replay: read tick %d: %w", st.Read+1, err)
		}
		st.Read++
		if r.symbols != nil && !r.symbols[t.Symbol] {
			st.Skipped++
			continue
		}
		if err := p.wait(ctx, t.Time); err != nil {
			return st, fmt.Errorf("replay: pacing tick %d: %w", st.Read, err)
		}
		if err := fo.publish(ctx, t); err != nil {
			return st, fmt.Errorf("replay: publish tick %d: %w", st.Read, err)
		}
		st.Published++
	}
	st.Elapsed = r.clock.Now().Sub(start)
	return st, nil
}
