// Package reservation places short-lived holds on inventory while a customer
// checks out. A hold reduces the quantity other shoppers can reserve; it is
// either confirmed (committing the stock in the backing store) or it expires
// and is reclaimed by a background sweeper.
package reservation

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Store is the system of record for on-hand stock.
type Store interface {
	// OnHand returns the units of sku physically available.
	OnHand(ctx context.Context, sku string) (int, error)
	// Commit permanently deducts qty units of sku, idempotently keyed by ref.
	Commit(ctx context.Context, sku string, qty int, ref string) error
}

// Errors returned by the Service. They are wrapped with context; use
// errors.Is to test for them.
var (
	ErrInvalidQuantity   = errors.New("reservation: quantity must be positive")
	ErrInsufficientStock = errors.New("reservation: insufficient stock")
	ErrHoldNotFound      = errors.New("reservation: hold not found")
	ErrHoldExpired       = errors.New("reservation: hold expired")
	ErrHoldBusy          = errors.New("reservation: hold is being confirmed")
	ErrClosed            = errors.New("reservation: service closed")
)

// Hold is a temporary claim on stock.
type Hold struct {
	ID        string
	SKU       string
	Qty       int
	CreatedAt time.Time
	ExpiresAt time.Time

	confirming bool
}

// Option configures a Service.
type Option func(*Service)

// WithClock replaces the system clock, mainly for tests.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithSweepInterval sets how often expired holds are reclaimed.
func WithSweepInterval(d time.Duration) Option { return func(s *Service) { s.sweepEvery = d } }

// WithMaxTTL caps the lifetime a caller may request for a hold.
func WithMaxTTL(d time.Duration) Option { return func(s *Service) { s.maxTTL = d } }

// WithOnExpire registers a callback invoked, outside any lock, for every hold
// reclaimed by the sweeper.
func WithOnExpire(fn func(Hold)) Option { return func(s *Service) { s.onExpire = fn } }

// Service manages holds for all SKUs.
type Service struct {
	store      Store
	clock      Clock
	sweepEvery time.Duration
	maxTTL     time.Duration
	onExpire   func(Hold)

	mu       sync.Mutex
	holds    map[string]*Hold
	reserved map[string]int // sku -> units held

	stop      chan struct{}
	closeOnce sync.Once
}

// New returns a Service backed by store and starts its sweeper.
func New(store Store, opts ...Option) (*Service, error) {
	if store == nil {
		return nil, errors.New("reservation: nil store")
	}
	s := &Service{
		store:      store,
		clock:      systemClock{},
		sweepEvery: 30 * time.Second,
		maxTTL:     30 * time.Minute,
		onExpire:   func(Hold) {},
		holds:      make(map[string]*Hold),
		reserved:   make(map[string]int),
		stop:       make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	if s.sweepEvery <= 0 {
		return nil, fmt.Errorf("reservation: sweep interval %v must be positive", s.sweepEvery)
	}
	go s.sweepLoop(s.clock.NewTicker(s.sweepEvery))
	return s, nil
}

// Reserve places a hold of qty units of sku for ttl.
func (s *Service) Reserve(ctx context.Context, sku string, qty int, ttl time.Duration) (Hold, error) {
	if qty <= 0 {
		return Hold{}, fmt.Errorf("reserve %s: %w", sku, ErrInvalidQuantity)
	}
	if ttl <= 0 || ttl > s.maxTTL {
		ttl = s.maxTTL
	}
	if s.isClosed() {
		return Hold{}, ErrClosed
	}
	onHand, err := s.store.OnHand(ctx, sku)
	if err != nil {
		return Hold{}, fmt.Errorf("reserve %s: read stock: %w", sku, err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if avail := onHand - s.reserved[sku]; avail < qty {
		return Hold{}, fmt.Errorf("reserve %d of %s (%d available): %w", qty, sku, avail, ErrInsufficientStock)
	}
	now := s.clock.Now()
	h := &Hold{ID: newHoldID(), SKU: sku, Qty: qty, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	s.holds[h.ID] = h
	s.reserved[sku] += qty
	return *h, nil
}

// Extend pushes the expiry of an unexpired hold to now+ttl.
func (s *Service) Extend(id string, ttl time.Duration) (Hold, error) {
	if ttl <= 0 || ttl > s.maxTTL {
		ttl = s.maxTTL
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return Hold{}, fmt.Errorf("extend %s: %w", id, ErrHoldNotFound)
	}
	now := s.clock.Now()
	if !now.Before(h.ExpiresAt) {
		return Hold{}, fmt.Errorf("extend %s: %w", id, ErrHoldExpired)
	}
	h.ExpiresAt = now.Add(ttl)
	return *h, nil
}

// Confirm commits the stock behind a hold and removes the hold.
func (s *Service) Confirm(ctx context.Context, id string) error {
	s.mu.Lock()
	h, ok := s.holds[id]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("confirm %s: %w", id, ErrHoldNotFound)
	}
	if h.confirming {
		s.mu.Unlock()
		return fmt.Errorf("confirm %s: %w", id, ErrHoldBusy)
	}
	if !s.clock.Now().Before(h.ExpiresAt) {
		// The sweeper may not have reached it yet, but an expired hold
		// must never be honoured: release it here.
		s.releaseLocked(h)
		s.mu.Unlock()
		return fmt.Errorf("confirm %s: %w", id, ErrHoldExpired)
	}
	h.confirming = true
	s.mu.Unlock()

	err := s.store.Commit(ctx, h.SKU, h.Qty, h.ID)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		h.confirming = false
		return fmt.Errorf("confirm %s: commit %d of %s: %w", id, h.Qty, h.SKU, err)
	}
	s.releaseLocked(h)
	return nil
}

// Release drops a hold without committing it, e.g. when a cart is abandoned.
func (s *Service) Release(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holds[id]
	if !ok {
		return fmt.Errorf("release %s: %w", id, ErrHoldNotFound)
	}
	if h.confirming {
		return fmt.Errorf("release %s: %w", id, ErrHoldBusy)
	}
	s.releaseLocked(h)
	return nil
}

// Reserved reports the units of sku currently held.
func (s *Service) Reserved(sku string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reserved[sku]
}

// Close stops the sweeper. Outstanding holds are kept in memory but no
// longer expire; new reservations are refused.
func (s *Service) Close() error {
	s.closeOnce.Do(func() { close(s.stop) })
	return nil
}

func (s *Service) isClosed() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// releaseLocked removes h and returns its units to the pool. s.mu must be held.
func (s *Service) releaseLocked(h *Hold) {
	delete(s.holds, h.ID)
	if s.reserved[h.SKU] -= h.Qty; s.reserved[h.SKU] <= 0 {
		delete(s.reserved, h.SKU)
	}
}

func newHoldID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("reservation: read random: %v", err))
	}
	return "hold_" + hex.EncodeToString(b[:])
}
