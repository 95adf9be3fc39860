// Package ledger implements a loyalty points ledger. Point accruals and
// redemptions arrive as events from an at-least-once message bus, so every
// event carries an idempotency key and is applied at most once.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// EventKind says whether an event adds or removes points.
type EventKind int

const (
	// Accrue credits points to an account, e.g. after a purchase.
	Accrue EventKind = iota + 1
	// Redeem debits points from an account, e.g. for a reward.
	Redeem
)

func (k EventKind) String() string {
	switch k {
	case Accrue:
		return "accrue"
	case Redeem:
		return "redeem"
	default:
		return fmt.Sprintf("EventKind(%d)", int(k))
	}
}

// Event is a single points movement as published by upstream systems.
type Event struct {
	// ID is the idempotency key. Redeliveries of the same event share it.
	ID      string
	Account string
	Kind    EventKind
	Points  int64
}

func (e Event) validate() error {
	switch {
	case e.ID == "":
		return fmt.Errorf("%w: missing id", ErrInvalidEvent)
	case e.Account == "":
		return fmt.Errorf("%w: event %s has no account", ErrInvalidEvent, e.ID)
	case e.Points <= 0:
		return fmt.Errorf("%w: event %s has non-positive points %d", ErrInvalidEvent, e.ID, e.Points)
	case e.Kind != Accrue && e.Kind != Redeem:
		return fmt.Errorf("%w: event %s has unknown kind %v", ErrInvalidEvent, e.ID, e.Kind)
	}
	return nil
}

// Entry is a posted ledger line.
type Entry struct {
	EventID  string
	Account  string
	Delta    int64
	Balance  int64
	PostedAt time.Time
}

// Result describes the outcome of applying one event.
type Result struct {
	Entry Entry
	// Duplicate is set when the event had already been applied (or was
	// being applied concurrently) and this delivery was absorbed.
	Duplicate bool
}

// Store is the durable backing store of the ledger.
type Store interface {
	// Lookup returns the entry posted for eventID, or ok=false if the
	// event has not been applied yet.
	Lookup(ctx context.Context, eventID string) (e Entry, ok bool, err error)
	// Balance returns the current balance of account.
	Balance(ctx context.Context, account string) (int64, error)
	// Post atomically appends e and marks its event as applied. It fails
	// with ErrConflict if the balance of the account is no longer prev.
	Post(ctx context.Context, e Entry, prev int64) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

var (
	// ErrInvalidEvent is returned for malformed events.
	ErrInvalidEvent = errors.New("ledger: invalid event")
	// ErrInsufficientPoints is returned when a redemption exceeds the balance.
	ErrInsufficientPoints = errors.New("ledger: insufficient points")
	// ErrConflict is returned by a Store when an optimistic write lost a race.
	ErrConflict = errors.New("ledger: concurrent balance update")
)

// Option configures a Ledger.
type Option func(*Ledger)

// WithClock sets the clock used to timestamp entries.
func WithClock(c Clock) Option {
	return func(l *Ledger) { l.clock = c }
}

// WithMaxRetries sets how many times a write that lost an optimistic
// concurrency race is retried. The default is 5.
func WithMaxRetries(n int) Option {
	return func(l *Ledger) { l.maxRetries = n }
}

// WithConcurrency bounds how many events of a batch hit the store at once.
// The default is 8.
func WithConcurrency(n int) Option {
	return func(l *Ledger) { l.concurrency = n }
}

// Ledger applies loyalty events to a Store exactly once per event ID.
type Ledger struct {
	store       Store
	clock       Clock
	maxRetries  int
	concurrency int

	mu       sync.Mutex
	inflight map[string]*call
}

// New returns a Ledger backed by store.
func New(store Store, opts ...Option) *Ledger {
	l := &Ledger{
		store:       store,
		clock:       systemClock{},
		maxRetries:  5,
		concurrency: 8,
		inflight:    make(map[string]*call),
	}
	for _, o := range opts {
		o(l)
	}
	if l.concurrency < 1 {
		l.concurrency = 1
	}
	return l
}
