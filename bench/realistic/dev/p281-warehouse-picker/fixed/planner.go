// Package wave batches warehouse orders into pick waves. Every release
// interval the planner drains the pending orders, resolves each line to a pick
// face, groups the picks by zone into waves and hands each wave to a
// Dispatcher, which assigns it to a picker.
package wave

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrDuplicateOrder is returned by Submit when an order is already pending.
var ErrDuplicateOrder = errors.New("wave: order already pending")

// Dispatcher hands a released wave to a picker.
type Dispatcher interface {
	Dispatch(ctx context.Context, w Wave) error
}

// Ticker is the subset of time.Ticker the planner needs.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time so release cadence can be controlled in tests.
type Clock interface {
	NewTicker(d time.Duration) Ticker
}

type realClock struct{}

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.Ticker.C }

// Config controls wave sizing and release cadence.
type Config struct {
	// ReleaseInterval is how often pending orders are released as waves.
	ReleaseInterval time.Duration
	// MaxLinesPerWave caps the number of picks in one wave. Default 40.
	MaxLinesPerWave int
	// MaxOrdersPerWave caps the number of orders in one wave (the number of
	// totes on a pick cart). Default 12.
	MaxOrdersPerWave int
}

func (c *Config) setDefaults() error {
	if c.ReleaseInterval <= 0 {
		return fmt.Errorf("wave: release interval must be positive, got %v", c.ReleaseInterval)
	}
	if c.MaxLinesPerWave <= 0 {
		c.MaxLinesPerWave = 40
	}
	if c.MaxOrdersPerWave <= 0 {
		c.MaxOrdersPerWave = 12
	}
	return nil
}

// Option customises a Planner.
type Option func(*Planner)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(p *Planner) { p.clock = c } }

// WithErrorHandler sets the function called with errors from background
// releases, including orders held back because a SKU has no pick face. By
// default they are dropped.
func WithErrorHandler(fn func(error)) Option { return func(p *Planner) { p.onError = fn } }

// Planner accumulates orders and periodically releases them as waves.
type Planner struct {
	cfg     Config
	loc     Locator
	disp    Dispatcher
	clock   Clock
	onError func(error)

	mu      sync.RWMutex
	pending map[string]Order

	seq      int // wave sequence, owned by the release loop
	stopOnce sync.Once
	quit     chan struct{}
}

// New returns a Planner. Call Start to begin releasing waves.
func New(cfg Config, loc Locator, disp Dispatcher, opts ...Option) (*Planner, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	if loc == nil || disp == nil {
		return nil, errors.New("wave: locator and dispatcher are required")
	}
	p := &Planner{
		cfg:     cfg,
		loc:     loc,
		disp:    disp,
		clock:   realClock{},
		onError: func(error) {},
		pending: make(map[string]Order),
		quit:    make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	return p, nil
}

// Submit queues an order for the next release.
func (p *Planner) Submit(o Order) error {
	if len(o.Lines) == 0 {
		return fmt.Errorf("submit %s: order has no lines", o.ID)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pending[o.ID]; ok {
		return fmt.Errorf("submit %s: %w", o.ID, ErrDuplicateOrder)
	}
	p.pending[o.ID] = o
	return nil
}

// Preview plans waves for the currently pending orders without releasing
// them. The floor dashboard uses it to show what the next release will look
// like.
func (p *Planner) Preview(ctx context.Context) ([]Wave, error) {
	p.mu.RLock()
	orders := p.snapshotLocked()
	waves, _, err := p.plan(ctx, orders)
	p.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	return waves, nil
}

func (p *Planner) snapshotLocked() []Order {
	orders := make([]Order, 0, len(p.pending))
	for _, o := range p.pending {
		orders = append(orders, o)
	}
	return orders
}

// Start launches the release loop. It returns immediately.
func (p *Planner) Start(ctx context.Context) {
	t := p.clock.NewTicker(p.cfg.ReleaseInterval)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-p.quit:
				return
			case <-t.C():
				if err := p.release(ctx); err != nil {
					p.onError(err)
				}
			}
		}
	}()
}

// Stop asks the release loop to exit. It does not wait for a release that is
// already in progress.
func (p *Planner) Stop() {
	p.stopOnce.Do(func() { close(p.quit) })
}

// release drains the pending orders, plans them and dispatches the waves.
// Orders that are not dispatched are put back for the next release.
func (p *Planner) release(ctx context.Context) error {
	p.mu.Lock()
	orders := p.snapshotLocked()
	p.pending = make(map[string]Order)
	p.mu.Unlock()

	if len(orders) == 0 {
		return nil
	}

	waves, held, err := p.plan(ctx, orders)
	if err != nil {
		p.requeue(orders)
		return fmt.Errorf("release: %w", err)
	}

	for id, herr := range held {
		p.onError(fmt.Errorf("release: holding order %s: %w", id, herr))
	}

	for i, w := range waves {
		p.seq++
		w.ID = fmt.Sprintf("%s-%06d", w.Zone, p.seq)
		if err := p.disp.Dispatch(ctx, w); err != nil {
			p.requeue(ordersIn(orders, waves[i:]))
			return fmt.Errorf("release wave %s: %w", w.ID, err)
		}
	}
	return nil
}

// requeue puts orders back into pending unless a newer submission with the
// same ID has arrived in the meantime.
func (p *Planner) requeue(orders []Order) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range orders {
		if _, ok := p.pending[o.ID]; !ok {
			p.pending[o.ID] = o
		}
	}
}

// ordersIn returns the orders that appear in any of waves.
func ordersIn(all []Order, waves []Wave) []Order {
	want := make(map[string]bool)
	for _, w := range waves {
		for _, id := range w.Orders {
			want[id] = true
		}
	}
	var out []Order
	for _, o := range all {
		if want[o.ID] {
			out = append(out, o)
		}
	}
	return out
}
