package booking

import (
	"context"
	"fmt"
	"log"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Default configuration values.
const (
	DefaultTTL         = 8 * time.Minute
	DefaultMaxSeats    = 8
	DefaultFreeTimeout = 5 * time.Second
)

// Option configures a Service.
type Option func(*Service)

// WithTTL sets how long a hold lasts before it expires.
func WithTTL(d time.Duration) Option {
	return func(s *Service) { s.ttl = d }
}

// WithClock replaces the wall clock, mainly for tests.
func WithClock(c Clock) Option {
	return func(s *Service) { s.clock = c }
}

// WithMaxSeats limits how many seats a single hold may contain.
func WithMaxSeats(n int) Option {
	return func(s *Service) { s.maxSeats = n }
}

// WithIDGenerator replaces the default hold ID generator.
func WithIDGenerator(f func() string) Option {
	return func(s *Service) { s.newID = f }
}

// WithExpiryHook registers a function called after a hold has expired and its
// seats have been returned to the inventory.
func WithExpiryHook(f func(Hold)) Option {
	return func(s *Service) { s.onExpire = f }
}

// WithLogger sets the logger used for background failures.
func WithLogger(l *log.Logger) Option {
	return func(s *Service) { s.logger = l }
}

// Service manages the lifecycle of seat holds.
type Service struct {
	inv         Inventory
	clock       Clock
	ttl         time.Duration
	maxSeats    int
	newID       func() string
	onExpire    func(Hold)
	logger      *log.Logger
	freeTimeout time.Duration

	mu    sync.Mutex
	holds map[string]*activeHold
}

// activeHold is the Service's private view of a hold. settled is closed by
// whoever removes the hold from the map, which tells the expiry goroutine to
// stand down.
type activeHold struct {
	Hold
	settled chan struct{}
}

func (h *activeHold) snapshot() Hold {
	out := h.Hold
	out.Seats = append([]SeatID(nil), h.Seats...)
	return out
}

// NewService returns a Service backed by inv.
func NewService(inv Inventory, opts ...Option) *Service {
	var seq uint64
	s := &Service{
		inv:         inv,
		clock:       realClock{},
		ttl:         DefaultTTL,
		maxSeats:    DefaultMaxSeats,
		logger:      log.Default(),
		freeTimeout: DefaultFreeTimeout,
		holds:       make(map[string]*activeHold),
		newID: func() string {
			return "hold-" + strconv.FormatUint(atomic.AddUint64(&seq, 1), 10)
		},
	}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Place reserves seats for customer and starts the hold's expiry countdown.
func (s *Service) Place(ctx context.Context, eventID, customer string, seats []SeatID) (Hold, error) {
	seats = dedupeSeats(seats)
	switch {
	case len(seats) == 0:
		return Hold{}, ErrNoSeats
	case len(seats) > s.maxSeats:
		return Hold{}, fmt.Errorf("%w: %d requested, limit %d", ErrTooManySeats, len(seats), s.maxSeats)
	}

	id := s.newID()
	if err := s.inv.Reserve(ctx, eventID, seats, id); err != nil {
		return Hold{}, fmt.Errorf("reserve %d seats for event %s: %w", len(seats), eventID, err)
	}

	now := s.clock.Now()
	h := &activeHold{
		Hold: Hold{
			ID:        id,
			EventID:   eventID,
			Customer:  customer,
			Seats:     seats,
			CreatedAt: now,
			ExpiresAt: now.Add(s.ttl),
		},
		settled: make(chan struct{}),
	}
	timer := s.clock.NewTimer(s.ttl)

	s.mu.Lock()
	s.holds[id] = h
	s.mu.Unlock()

	go s.expireWhenDue(h, timer)
	return h.snapshot(), nil
}

// Confirm converts a hold into an order. If the inventory reports a transient
// failure the hold is kept so that the customer can retry; any other failure
// drops the hold and returns its seats to sale.
func (s *Service) Confirm(ctx context.Context, holdID, orderID string) (Hold, error) {
	s.mu.Lock()
	h, ok := s.holds[holdID]
	if !ok {
		s.mu.Unlock()
		return Hold{}, fmt.Errorf("confirm %s: %w", holdID, ErrHoldNotFound)
	}
	if !s.clock.Now().Before(h.ExpiresAt) {
		s.mu.Unlock()
		return Hold{}, fmt.Errorf("confirm %s: %w", holdID, ErrHoldExpired)
	}

	// Commit under the lock so the expiry goroutine cannot free the seats
	// while they are being sold.
	if err := s.inv.Commit(ctx, holdID, orderID); err != nil {
		if isRetryable(err) {
			s.mu.Unlock()
			return Hold{}, fmt.Errorf("confirm %s: order %s: %w", holdID, orderID, err)
		}
		s.removeLocked(h)
		s.mu.Unlock()
		s.free(h)
		return Hold{}, fmt.Errorf("confirm %s: order %s rejected: %w", holdID, orderID, err)
	}
	s.removeLocked(h)
	s.mu.Unlock()
	return h.snapshot(), nil
}

// Release gives up a hold before it expires.
func (s *Service) Release(ctx context.Context, holdID string) error {
	s.mu.Lock()
	h, ok := s.holds[holdID]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("release %s: %w", holdID, ErrHoldNotFound)
	}
	s.removeLocked(h)
	s.mu.Unlock()

	if err := s.inv.Free(ctx, holdID); err != nil {
		return fmt.Errorf("release %s: %w", holdID, err)
	}
	return nil
}

// Holds returns the active holds of customer, oldest first.
func (s *Service) Holds(customer string) []Hold {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Hold
	for _, h := range s.holds {
		if h.Customer == customer {
			out = append(out, h.snapshot())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out
}

// removeLocked deletes h from the active set and signals its expiry
// goroutine. s.mu must be held.
func (s *Service) removeLocked(h *activeHold) {
	delete(s.holds, h.ID)
	close(h.settled)
}

// expireWhenDue waits for the hold to be settled or for its TTL to elapse,
// whichever comes first, and frees the seats in the latter case.
func (s *Service) expireWhenDue(h *activeHold, t Timer) {
	select {
	case <-h.settled:
		t.Stop()
		return
	case <-t.C():
	}

	s.mu.Lock()
	if s.holds[h.ID] != h {
		// Settled concurrently with the timer firing.
		s.mu.Unlock()
		return
	}
	s.removeLocked(h)
	s.mu.Unlock()

	s.free(h)
	if s.onExpire != nil {
		s.onExpire(h.snapshot())
	}
}

// free returns the hold's seats to the inventory, logging on failure. It runs
// outside any caller context because the seats must be freed even if the
// request that triggered it has gone away.
func (s *Service) free(h *activeHold) {
	ctx, cancel := context.WithTimeout(context.Background(), s.freeTimeout)
	defer cancel()
	if err := s.inv.Free(ctx, h.ID); err != nil {
		s.logger.Printf("booking: free seats of hold %s (event %s): %v", h.ID, h.EventID, err)
	}
}
