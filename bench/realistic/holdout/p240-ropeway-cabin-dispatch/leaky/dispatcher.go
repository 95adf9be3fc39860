// Package ropeway dispatches the cabins of a detachable gondola from the
// valley station: a cabin that comes in detaches from the haul rope, dwells
// at the platform for boarding and is launched back onto the rope while
// keeping the spacing between cabins.
package ropeway

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

var (
	// ErrClosed is returned once the dispatcher has been shut down.
	ErrClosed = errors.New("ropeway: dispatcher closed")
	// ErrUnknownCabin is returned for a cabin ID not on the line.
	ErrUnknownCabin = errors.New("ropeway: unknown cabin")
)

// Drive accelerates a docked cabin and re-attaches its grip to the rope.
type Drive interface {
	Launch(ctx context.Context, cabin string) error
}

// Doors operates the platform doors of the cabins.
type Doors interface {
	Close(ctx context.Context, cabin string) error
}

// Logger is the logging interface used by the dispatcher.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config holds the station timings.
type Config struct {
	// Dwell is how long a cabin stays at the platform for boarding.
	Dwell time.Duration
	// MinSpacing is the minimum time between two launches.
	MinSpacing time.Duration
	// LaunchTimeout bounds closing the doors and launching a cabin.
	LaunchTimeout time.Duration
}

// Departure describes a cabin leaving the station.
type Departure struct {
	Cabin      string
	Passengers int
	Trip       int
	At         time.Time
}

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithLogger sets the logger.
func WithLogger(l Logger) Option {
	return func(d *Dispatcher) { d.log = l }
}

// WithDepartureHook registers fn to be called after every launch. It runs
// on the dispatcher's timer goroutine and must not block.
func WithDepartureHook(fn func(Departure)) Option {
	return func(d *Dispatcher) { d.onDepart = fn }
}

// Dispatcher runs the platform of one station.
type Dispatcher struct {
	cfg      Config
	drive    Drive
	doors    Doors
	log      Logger
	onDepart func(Departure)

	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	cabins     map[string]*cabin
	timers     map[string]*time.Timer
	lastLaunch time.Time
	closed     bool
}

// New returns a dispatcher for the given cabins, all of them out on the
// rope.
func New(drive Drive, doors Doors, cabins []string, cfg Config, opts ...Option) (*Dispatcher, error) {
	if drive == nil || doors == nil {
		return nil, errors.New("ropeway: drive and doors are required")
	}
	if cfg.Dwell <= 0 || cfg.MinSpacing < 0 || cfg.LaunchTimeout <= 0 {
		return nil, fmt.Errorf("ropeway: invalid timings %+v", cfg)
	}
	d := &Dispatcher{
		cfg:    cfg,
		drive:  drive,
		doors:  doors,
		log:    log.Default(),
		cabins: make(map[string]*cabin, len(cabins)),
		timers: make(map[string]*time.Timer),
	}
	for _, id := range cabins {
		if _, dup := d.cabins[id]; dup {
			return nil, fmt.Errorf("ropeway: cabin %s listed twice", id)
		}
		d.cabins[id] = &cabin{id: id, state: OnLine}
	}
	for _, opt := range opts {
		opt(d)
	}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	return d, nil
}

func (d *Dispatcher) lookup(id string) (*cabin, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, ErrClosed
	}
	c, ok := d.cabins[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownCabin, id)
	}
	return c, nil
}

// schedule arranges for the cabin to be dispatched after wait, replacing
// any departure already scheduled for it.
func (d *Dispatcher) schedule(id string, wait time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	if t, ok := d.timers[id]; ok {
		t.Stop()
	}
	d.timers[id] = time.AfterFunc(wait, func() { d.depart(id) })
}

// reserveSlot books the next launch slot. It returns how long to wait if
// the previous launch was too recent.
func (d *Dispatcher) reserveSlot(now time.Time) time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	if wait := d.lastLaunch.Add(d.cfg.MinSpacing).Sub(now); wait > 0 {
		return wait
	}
	d.lastLaunch = now
	return 0
}

// Close stops dispatching. Cabins still at the platform stay there.
func (d *Dispatcher) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	pending := make([]string, 0, len(d.timers))
	for id, t := range d.timers {
		t.Stop()
		pending = append(pending, id)
	}
	d.timers = nil
	d.mu.Unlock()
	d.cancel()
	sort.Strings(pending)
	d.log.Printf("ropeway: dispatcher closed, departures cancelled for %v", pending)
}
