// Package kiosk implements the ticketing backend used by the museum's
// self-service kiosks: it sells timed-entry slots, keeps short-lived cart
// holds, runs a waitlist for sold-out slots and pushes issued passes to the
// turnstile controllers.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by the kiosk.
var (
	ErrClosed      = errors.New("kiosk: closed")
	ErrUnknownSlot = errors.New("kiosk: unknown slot")
	ErrUnknownHold = errors.New("kiosk: unknown hold")
	ErrSoldOut     = errors.New("kiosk: slot sold out")
	ErrHoldExpired = errors.New("kiosk: hold expired")
	ErrBadQuantity = errors.New("kiosk: invalid quantity")
)

// Slot is a timed-entry window with a fixed number of admissions.
type Slot struct {
	ID       string
	Start    time.Time
	Capacity int
}

// Hold reserves seats in a slot for a visitor's cart until Expires.
type Hold struct {
	ID      string
	SlotID  string
	Qty     int
	Expires time.Time
}

// Pass is an issued ticket that the turnstiles accept.
type Pass struct {
	Code   string
	SlotID string
	Qty    int
	Issued time.Time
}

// SlotStore loads the day's slot schedule.
type SlotStore interface {
	LoadSlots(ctx context.Context, day time.Time) ([]Slot, error)
}

// Turnstiles is the client for the turnstile controllers.
type Turnstiles interface {
	PushPasses(ctx context.Context, passes []Pass) error
}

// Clock abstracts time for hold expiry.
type Clock interface {
	Now() time.Time
}

// Observer receives operational events; implementations must not block.
type Observer interface {
	WaitlistDepth(slotID string, depth int)
	HoldExpired(h Hold)
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

type nopObserver struct{}

func (nopObserver) WaitlistDepth(string, int) {}
func (nopObserver) HoldExpired(Hold)          {}

// Option configures a Kiosk.
type Option func(*Kiosk)

// WithClock overrides the wall clock.
func WithClock(c Clock) Option { return func(k *Kiosk) { k.clock = c } }

// WithObserver installs an event observer.
func WithObserver(o Observer) Option { return func(k *Kiosk) { k.obs = o } }

// WithHoldTTL sets how long a cart hold lasts before it may be reclaimed.
func WithHoldTTL(d time.Duration) Option { return func(k *Kiosk) { k.holdTTL = d } }

// Kiosk is the ticketing backend. It is safe for concurrent use.
type Kiosk struct {
	store   SlotStore
	gate    Turnstiles
	clock   Clock
	obs     Observer
	holdTTL time.Duration

	mu      sync.Mutex
	cond    *sync.Cond
	slots   map[string]*slotState
	holds   map[string]*Hold
	pending []Pass
	seq     int
	closed  bool
}

// New loads the schedule for day and returns a ready kiosk.
func New(ctx context.Context, store SlotStore, gate Turnstiles, day time.Time, opts ...Option) (*Kiosk, error) {
	k := &Kiosk{
		store:   store,
		gate:    gate,
		clock:   systemClock{},
		obs:     nopObserver{},
		holdTTL: 10 * time.Minute,
		slots:   make(map[string]*slotState),
		holds:   make(map[string]*Hold),
	}
	for _, opt := range opts {
		opt(k)
	}
	k.cond = sync.NewCond(&k.mu)

	slots, err := store.LoadSlots(ctx, day)
	if err != nil {
		return nil, fmt.Errorf("load slots for %s: %w", day.Format("2006-01-02"), err)
	}
	for _, s := range slots {
		k.slots[s.ID] = &slotState{slot: s}
	}
	return k, nil
}

// SyncTurnstiles pushes every pass issued since the last successful sync.
// On failure the passes stay queued and are retried on the next call.
func (k *Kiosk) SyncTurnstiles(ctx context.Context) (int, error) {
	k.mu.Lock()
	batch := k.pending
	k.pending = nil
	k.mu.Unlock()

	if len(batch) == 0 {
		return 0, nil
	}
	if err := k.gate.PushPasses(ctx, batch); err != nil {
		k.mu.Lock()
		k.pending = append(batch, k.pending...)
		k.mu.Unlock()
		return 0, fmt.Errorf("push %d passes: %w", len(batch), err)
	}
	return len(batch), nil
}

// Close stops the kiosk from selling and wakes anyone on a waitlist.
func (k *Kiosk) Close() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		return nil
	}
	k.closed = true
	k.cond.Broadcast()
	return nil
}

func (k *Kiosk) nextID(prefix string) string {
	k.seq++
	return fmt.Sprintf("%s-%06d", prefix, k.seq)
}
