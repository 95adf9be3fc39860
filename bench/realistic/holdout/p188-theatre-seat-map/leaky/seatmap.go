// Package seatmap keeps the live seat map for one performance. It streams
// availability to buyers as seats change and holds seats for a buyer while
// they check out.
package seatmap

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors returned by the Map.
var (
	ErrClosed         = errors.New("seatmap: closed")
	ErrUnknownSeat    = errors.New("seatmap: unknown seat")
	ErrSeatTaken      = errors.New("seatmap: seat not available")
	ErrTooManySeats   = errors.New("seatmap: too many seats in one hold")
	ErrNoSuchHold     = errors.New("seatmap: no such hold")
	ErrHoldExpired    = errors.New("seatmap: hold expired")
	ErrCheckoutActive = errors.New("seatmap: checkout already in progress")
)

// SeatID names a seat, e.g. "STALLS-F12".
type SeatID string

// Status is a seat's availability.
type Status int

// Seat statuses.
const (
	Available Status = iota
	Held
	Sold
)

// Clock tells the time.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Payments charges buyers.
type Payments interface {
	Charge(ctx context.Context, buyer string, amountCents int64, reference string) (receipt string, err error)
}

// Config configures a Map. Performance, Prices and Payments are required.
type Config struct {
	Performance string
	// Prices lists every seat in the house with its price in cents.
	Prices   map[SeatID]int64
	Payments Payments
	Clock    Clock

	// HoldFor is how long a hold lasts before ExpireHolds frees its seats.
	// Defaults to 8 minutes.
	HoldFor time.Duration
	// MaxSeatsPerHold defaults to 10.
	MaxSeatsPerHold int
	// QueueLen is how many updates may wait for a slow buyer connection
	// before it is dropped. Defaults to 32.
	QueueLen int
}

// Hold reserves seats for one buyer until Expires.
type Hold struct {
	ID      string
	Buyer   string
	Seats   []SeatID
	Expires time.Time

	checkingOut bool
}

// Order is a completed purchase.
type Order struct {
	HoldID      string
	Buyer       string
	Seats       []SeatID
	AmountCents int64
	Receipt     string
}

// Map is the live seat map for a performance.
type Map struct {
	cfg Config

	mu       sync.Mutex
	status   map[SeatID]Status
	holds    map[string]*Hold
	subs     map[string]*subscriber
	version  uint64
	nextHold int
	closed   bool
}

// New returns a Map with every seat available.
func New(cfg Config) (*Map, error) {
	if cfg.Performance == "" || len(cfg.Prices) == 0 || cfg.Payments == nil {
		return nil, errors.New("seatmap: Performance, Prices and Payments are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.HoldFor <= 0 {
		cfg.HoldFor = 8 * time.Minute
	}
	if cfg.MaxSeatsPerHold <= 0 {
		cfg.MaxSeatsPerHold = 10
	}
	if cfg.QueueLen <= 0 {
		cfg.QueueLen = 32
	}
	m := &Map{
		cfg:    cfg,
		status: make(map[SeatID]Status, len(cfg.Prices)),
		holds:  make(map[string]*Hold),
		subs:   make(map[string]*subscriber),
	}
	for id := range cfg.Prices {
		m.status[id] = Available
	}
	return m, nil
}

// Hold reserves seats for buyer. Either all the seats are held or none.
func (m *Map) Hold(buyer string, seats []SeatID) (Hold, error) {
	if len(seats) == 0 || len(seats) > m.cfg.MaxSeatsPerHold {
		return Hold{}, fmt.Errorf("%w: %d seats, limit %d", ErrTooManySeats, len(seats), m.cfg.MaxSeatsPerHold)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return Hold{}, ErrClosed
	}
	for _, id := range seats {
		st, ok := m.status[id]
		if !ok {
			return Hold{}, fmt.Errorf("%w: %s", ErrUnknownSeat, id)
		}
		if st != Available {
			return Hold{}, fmt.Errorf("%w: %s", ErrSeatTaken, id)
		}
	}
	m.nextHold++
	h := &Hold{
		ID:      fmt.Sprintf("%s-h%d", m.cfg.Performance, m.nextHold),
		Buyer:   buyer,
		Seats:   append([]SeatID(nil), seats...),
		Expires: m.cfg.Clock.Now().Add(m.cfg.HoldFor),
	}
	m.holds[h.ID] = h
	m.setLocked(h.Seats, Held)
	return *h, nil
}

// Checkout charges the buyer for a hold and marks its seats sold. If the
// charge fails the seats go back on sale.
func (m *Map) Checkout(ctx context.Context, holdID string) (Order, error) {
	m.mu.Lock()
	h, ok := m.holds[holdID]
	switch {
	case !ok:
		m.mu.Unlock()
		return Order{}, fmt.Errorf("%w: %s", ErrNoSuchHold, holdID)
	case h.checkingOut:
		m.mu.Unlock()
		return Order{}, fmt.Errorf("%w: %s", ErrCheckoutActive, holdID)
	case m.cfg.Clock.Now().After(h.Expires):
		m.releaseLocked(h)
		m.mu.Unlock()
		return Order{}, fmt.Errorf("%w: %s", ErrHoldExpired, holdID)
	}
	h.checkingOut = true
	var amount int64
	for _, id := range h.Seats {
		amount += m.cfg.Prices[id]
	}
	m.mu.Unlock()

	receipt, err := m.cfg.Payments.Charge(ctx, h.Buyer, amount, h.ID)

	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.releaseLocked(h)
		return Order{}, fmt.Errorf("seatmap: charge for hold %s: %w", holdID, err)
	}
	delete(m.holds, h.ID)
	m.setLocked(h.Seats, Sold)
	return Order{HoldID: h.ID, Buyer: h.Buyer, Seats: h.Seats, AmountCents: amount, Receipt: receipt}, nil
}

// ExpireHolds frees the seats of every hold that has run out and is not in
// checkout. The caller runs it periodically. It returns the number of holds
// expired.
func (m *Map) ExpireHolds() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.cfg.Clock.Now()
	n := 0
	for _, h := range m.holds {
		if !h.checkingOut && now.After(h.Expires) {
			m.releaseLocked(h)
			n++
		}
	}
	return n
}

func (m *Map) releaseLocked(h *Hold) {
	delete(m.holds, h.ID)
	m.setLocked(h.Seats, Available)
}

// setLocked changes the status of seats and tells every watcher.
func (m *Map) setLocked(seats []SeatID, st Status) {
	m.version++
	changed := make(map[SeatID]Status, len(seats))
	for _, id := range seats {
		m.status[id] = st
		changed[id] = st
	}
	m.publishLocked(Update{Performance: m.cfg.Performance, Version: m.version, Seats: changed})
}

// Available lists the seats currently on sale, sorted.
func (m *Map) Available() []SeatID {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []SeatID
	for id, st := range m.status {
		if st == Available {
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
