// Package rota runs the daily feeding rota for a public aquarium: each tank
// is fed its portion on its own interval from one shared food hopper.
package rota

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Tank describes one exhibit on the rota.
type Tank struct {
	ID           string
	Species      string
	PortionGrams int
	Interval     time.Duration
	FastDays     []time.Weekday
}

// Dispenser drives the automatic feeder mounted over a tank.
type Dispenser interface {
	Dispense(ctx context.Context, tankID string, grams int) error
}

// Logger is the subset of *log.Logger the rota needs.
type Logger interface {
	Printf(format string, args ...any)
}

// Feeding is one entry in the rota's feeding log.
type Feeding struct {
	TankID string
	Grams  int
	At     time.Time
	Err    error
}

// Option configures a Rota.
type Option func(*Rota)

// WithClock replaces the wall clock, mainly for tests.
func WithClock(c Clock) Option { return func(r *Rota) { r.clock = c } }

// WithLogger sets the logger used for feeding events.
func WithLogger(l Logger) Option { return func(r *Rota) { r.log = l } }

// WithHopper sets the hopper capacity and its fill level at start-up.
func WithHopper(capacity, initial int) Option {
	return func(r *Rota) { r.hopperCap, r.hopperInit = capacity, initial }
}

// Rota schedules feedings for a set of tanks.
type Rota struct {
	tanks      []Tank
	dispenser  Dispenser
	clock      Clock
	log        Logger
	hopperCap  int
	hopperInit int
	hopper     *Hopper

	mu      sync.Mutex
	started bool
	cancel  context.CancelFunc
	history []Feeding
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}

// New validates the tank list and prepares a rota. Call Start to begin feeding.
func New(d Dispenser, tanks []Tank, opts ...Option) (*Rota, error) {
	if d == nil {
		return nil, errors.New("rota: dispenser is required")
	}
	if len(tanks) == 0 {
		return nil, errors.New("rota: no tanks configured")
	}
	r := &Rota{
		dispenser:  d,
		clock:      realClock{},
		log:        nopLogger{},
		hopperCap:  2000,
		hopperInit: 2000,
	}
	for _, o := range opts {
		o(r)
	}
	seen := make(map[string]bool, len(tanks))
	for _, t := range tanks {
		switch {
		case t.ID == "":
			return nil, errors.New("rota: tank with empty ID")
		case seen[t.ID]:
			return nil, fmt.Errorf("rota: duplicate tank %q", t.ID)
		case t.PortionGrams <= 0:
			return nil, fmt.Errorf("rota: tank %q has no portion set", t.ID)
		case t.Interval <= 0:
			return nil, fmt.Errorf("rota: tank %q has no feeding interval", t.ID)
		}
		seen[t.ID] = true
	}
	r.tanks = append([]Tank(nil), tanks...)
	h, err := NewHopper(r.hopperCap, r.hopperInit)
	if err != nil {
		return nil, err
	}
	r.hopper = h
	return r, nil
}

// Start launches one feeder per tank. The feeders run until Stop is called
// or ctx is cancelled.
func (r *Rota) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return errors.New("rota: already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	r.cancel = cancel
	r.started = true
	for _, t := range r.tanks {
		tk := r.clock.NewTicker(t.Interval)
		go r.feedLoop(ctx, t, tk)
	}
	r.log.Printf("rota: started feeding %d tanks", len(r.tanks))
	return nil
}

// Refill adds food to the shared hopper.
func (r *Rota) Refill(grams int) error {
	added, err := r.hopper.Refill(grams)
	if err != nil {
		return err
	}
	level, waiting := r.hopper.Level()
	r.log.Printf("rota: hopper refilled with %d g, now %d g (%d feeders waiting)", added, level, waiting)
	return nil
}

// HopperLevel reports the food left in the hopper and how many feeders are
// waiting for a refill.
func (r *Rota) HopperLevel() (grams, waiting int) { return r.hopper.Level() }

// History returns a copy of the feeding log.
func (r *Rota) History() []Feeding {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Feeding(nil), r.history...)
}

// Stop halts all feeders and shuts the hopper.
func (r *Rota) Stop() {
	r.mu.Lock()
	cancel := r.cancel
	r.started = false
	r.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	r.hopper.Close()
	r.log.Printf("rota: stopped")
}

func (r *Rota) feedLoop(ctx context.Context, t Tank, tk Ticker) {
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C():
		}
		now := r.clock.Now()
		if fasting(t, now) {
			r.log.Printf("rota: %s (%s) fasting on %s", t.ID, t.Species, now.Weekday())
			continue
		}
		grams, err := r.hopper.Take(t.PortionGrams)
		if errors.Is(err, ErrHopperClosed) {
			return
		}
		if err != nil {
			r.log.Printf("rota: %s: %v", t.ID, err)
			r.record(Feeding{TankID: t.ID, At: now, Err: err})
			continue
		}
		if err := r.dispenser.Dispense(ctx, t.ID, grams); err != nil {
			r.log.Printf("rota: dispensing %d g into %s failed: %v", grams, t.ID, err)
			if _, rerr := r.hopper.Refill(grams); rerr != nil && !errors.Is(rerr, ErrHopperClosed) {
				r.log.Printf("rota: returning %d g to hopper: %v", grams, rerr)
			}
			r.record(Feeding{TankID: t.ID, At: now, Err: err})
			continue
		}
		r.record(Feeding{TankID: t.ID, Grams: grams, At: r.clock.Now()})
	}
}

func (r *Rota) record(f Feeding) {
	r.mu.Lock()
	r.history = append(r.history, f)
	r.mu.Unlock()
}

func fasting(t Tank, now time.Time) bool {
	for _, d := range t.FastDays {
		if now.Weekday() == d {
			return true
		}
	}
	return false
}
