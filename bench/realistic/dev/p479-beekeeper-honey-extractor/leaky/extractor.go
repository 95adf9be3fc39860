package extractor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Motor drives the extractor drum. Each basket position is addressed on
// its own so that a cage can be stopped for reloading.
type Motor interface {
	Spin(ctx context.Context, basket, rpm int, d time.Duration) error
}

// Refractometer measures the water content of honey in a frame.
type Refractometer interface {
	Moisture(ctx context.Context, frameID string) (float64, error)
}

// Tank is the settling tank the extractor drains into.
type Tank interface {
	Pour(ctx context.Context, lot string, grams int) error
}

// Logger is the subset of *log.Logger the extractor uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

type quietLogger struct{}

func (quietLogger) Printf(string, ...interface{}) {}

// Config configures an Extractor.
type Config struct {
	Baskets        int
	Lot            string
	Profile        []SpinStep
	MinCappedPct   int
	MaxMoisturePct float64
	EfficiencyPct  int
	Motor          Motor
	Refractometer  Refractometer
	Tank           Tank
	Logger         Logger
}

// ErrClosed is returned once the extractor has been shut down.
var ErrClosed = errors.New("extractor closed")

type job struct {
	ctx   context.Context
	frame Frame
	batch *batch
}

type batch struct {
	report  SuperReport
	pending int
	done    chan struct{}
}

// Extractor runs a radial honey extractor with one worker per basket.
type Extractor struct {
	cfg Config
	log Logger

	mu     sync.Mutex
	work   *sync.Cond
	idle   *sync.Cond
	queue  []job
	active int
	closed bool
	totals Totals
}

// New validates cfg and starts one worker per basket.
func New(cfg Config) (*Extractor, error) {
	if cfg.Motor == nil || cfg.Refractometer == nil || cfg.Tank == nil {
		return nil, errors.New("extractor: Motor, Refractometer and Tank are required")
	}
	if cfg.Lot == "" {
		return nil, errors.New("extractor: Lot is required")
	}
	if cfg.Baskets <= 0 {
		cfg.Baskets = 6
	}
	if len(cfg.Profile) == 0 {
		cfg.Profile = DefaultProfile()
	}
	if cfg.MinCappedPct == 0 {
		cfg.MinCappedPct = 80
	}
	if cfg.MaxMoisturePct == 0 {
		cfg.MaxMoisturePct = 18.6
	}
	if cfg.EfficiencyPct <= 0 || cfg.EfficiencyPct > 100 {
		cfg.EfficiencyPct = 92
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger{}
	}
	e := &Extractor{cfg: cfg, log: cfg.Logger}
	e.work = sync.NewCond(&e.mu)
	e.idle = sync.NewCond(&e.mu)
	for b := 1; b <= cfg.Baskets; b++ {
		go e.runBasket(b)
	}
	return e, nil
}

// ExtractSuper loads every frame of a super and waits until all of them
// have been spun, set aside or failed.
func (e *Extractor) ExtractSuper(ctx context.Context, super string, frames []Frame) (SuperReport, error) {
	if len(frames) == 0 {
		return SuperReport{}, fmt.Errorf("super %s: no frames", super)
	}
	for _, f := range frames {
		if err := f.validate(); err != nil {
			return SuperReport{}, fmt.Errorf("super %s: %w", super, err)
		}
	}
	b := &batch{report: SuperReport{Super: super}, pending: len(frames), done: make(chan struct{})}

	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return SuperReport{}, ErrClosed
	}
	for _, f := range frames {
		e.queue = append(e.queue, job{ctx: ctx, frame: f, batch: b})
	}
	e.work.Broadcast()
	e.mu.Unlock()

	select {
	case <-b.done:
	case <-ctx.Done():
		return SuperReport{}, fmt.Errorf("super %s: %w", super, ctx.Err())
	}

	e.mu.Lock()
	rep := b.report.sorted()
	e.mu.Unlock()
	e.log.Printf("super %s: %d g from %d frames, %d set aside, %d failed",
		super, rep.HoneyGrams, len(rep.Frames), rep.Rejected, rep.Failed)
	return rep, nil
}

func (e *Extractor) finishLocked(b *batch, res FrameResult) {
	b.report.add(res)
	e.totals.Frames++
	switch {
	case res.Err != nil:
		e.totals.Failed++
	case res.Rejected:
		e.totals.Rejected++
	default:
		e.totals.HoneyGrams += res.Grams
	}
	b.pending--
	if b.pending == 0 {
		e.totals.Supers++
		close(b.done)
	}
}

// Totals returns the figures so far.
func (e *Extractor) Totals() Totals {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.totals
}

// Close stops accepting supers, waits for the frames already loaded to be
// finished and returns the season totals.
func (e *Extractor) Close() Totals {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.closed = true
		e.work.Broadcast()
	}
	for e.active > 0 || len(e.queue) > 0 {
		e.idle.Wait()
	}
	return e.totals
}
