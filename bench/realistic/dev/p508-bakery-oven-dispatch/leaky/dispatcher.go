package ovens

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Logger is the subset of *log.Logger the dispatcher uses.
type Logger interface {
	Printf(format string, args ...any)
}

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithLogger sets the dispatcher's logger.
func WithLogger(l Logger) Option { return func(d *Dispatcher) { d.log = l } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option { return func(d *Dispatcher) { d.now = now } }

// OnBaked sets a callback run for every finished batch.
func OnBaked(fn func(Result)) Option { return func(d *Dispatcher) { d.onBaked = fn } }

// Dispatcher assigns batches to oven lanes.
type Dispatcher struct {
	ctrl    Controller
	log     Logger
	now     func() time.Time
	onBaked func(Result)

	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.RWMutex
	cfg    Config
	lanes  map[string]*lane
	closed bool
	stop   func()
}

// New starts one lane per configured oven.
func New(cfg Config, ctrl Controller, opts ...Option) (*Dispatcher, error) {
	if ctrl == nil {
		return nil, errors.New("ovens: nil controller")
	}
	cfg = cfg.clone()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d := &Dispatcher{
		ctrl:    ctrl,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
		onBaked: func(Result) {},
		cfg:     cfg,
		lanes:   make(map[string]*lane),
	}
	for _, o := range opts {
		o(d)
	}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	for _, name := range cfg.names() {
		d.startLane(name, cfg.Ovens[name])
	}
	return d, nil
}

// Watch applies every configuration published by src until Close.
func (d *Dispatcher) Watch(src Source) {
	stop := src.Subscribe(func(cfg Config) {
		if err := d.ApplyConfig(cfg); err != nil {
			d.log.Printf("ignoring oven line-up: %v", err)
		}
	})
	d.mu.Lock()
	d.stop = stop
	d.mu.Unlock()
}

// ApplyConfig switches to a new oven line-up. Ovens that are gone finish
// their queue and stop; new or changed ovens get a lane with the new spec.
func (d *Dispatcher) ApplyConfig(cfg Config) error {
	cfg = cfg.clone()
	if err := cfg.Validate(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	for name, l := range d.lanes {
		if _, ok := cfg.Ovens[name]; !ok {
			close(l.in)
			delete(d.lanes, name)
			d.log.Printf("oven %s retired", name)
		}
	}
	for _, name := range cfg.names() {
		spec := cfg.Ovens[name]
		if cur, ok := d.lanes[name]; ok && cur.spec == spec {
			continue
		}
		d.startLane(name, spec)
	}
	d.cfg = cfg
	return nil
}

// Dispatch queues b on the least loaded oven that can bake it.
func (d *Dispatcher) Dispatch(b Batch) (string, error) {
	if b.ID == "" || b.Trays <= 0 || b.Bake <= 0 {
		return "", fmt.Errorf("ovens: invalid batch %+v", b)
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return "", ErrClosed
	}
	var best *lane
	for _, name := range d.cfg.names() {
		l, ok := d.lanes[name]
		if !ok || !l.spec.fits(b) || len(l.in) == cap(l.in) {
			continue
		}
		if best == nil || len(l.in) < len(best.in) {
			best = l
		}
	}
	if best == nil {
		for _, l := range d.lanes {
			if l.spec.fits(b) {
				return "", fmt.Errorf("%w: batch %s", ErrBusy, b.ID)
			}
		}
		return "", fmt.Errorf("%w: batch %s at %d C, %d trays", ErrNoOven, b.ID, b.TempC, b.Trays)
	}
	select {
	case best.in <- b:
		return best.name, nil
	default:
		return "", fmt.Errorf("%w: batch %s", ErrBusy, b.ID)
	}
}

// Close stops accepting batches and waits until every queued batch has been
// baked, or until ctx is done, in which case running bakes are aborted.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return ErrClosed
	}
	d.closed = true
	stop := d.stop
	done := make([]chan struct{}, 0, len(d.lanes))
	for _, l := range d.lanes {
		close(l.in)
		done = append(done, l.done)
	}
	d.mu.Unlock()

	if stop != nil {
		stop()
	}
	defer d.cancel()
	for _, ch := range done {
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
