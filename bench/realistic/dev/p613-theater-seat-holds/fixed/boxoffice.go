// Package seatholds keeps temporary holds on reserved theater seats while a
// customer completes checkout, and offers released seats to a waitlist once a
// performance has sold out.
package seatholds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed        = errors.New("seatholds: sales closed for this performance")
	ErrUnknownSeat   = errors.New("seatholds: unknown seat")
	ErrSeatTaken     = errors.New("seatholds: seat not available")
	ErrSoldOut       = errors.New("seatholds: not enough seats available")
	ErrUnknownHold   = errors.New("seatholds: unknown or expired hold")
	ErrPartyTooLarge = errors.New("seatholds: party larger than the house")
)

// SeatID names a seat in the house, e.g. "C14".
type SeatID string

// HoldID identifies a hold handed out to a customer.
type HoldID string

type seatState int

const (
	seatOpen seatState = iota
	seatHeld
	seatSold
)

// Hold is a set of seats reserved for one customer until ExpiresAt.
type Hold struct {
	ID        HoldID
	Customer  string
	Seats     []SeatID
	ExpiresAt time.Time
}

// Notifier tells a waitlisted customer that seats are being held for them.
type Notifier interface {
	OfferHold(ctx context.Context, performance string, h Hold) error
}

// Config describes one performance and how holds behave for it.
type Config struct {
	// Performance identifies the show, e.g. "hamlet-2024-05-03-1930".
	Performance string
	// Seats lists every sellable seat, best seats first.
	Seats []SeatID
	// HoldTTL is how long a checkout hold lasts before the seats return
	// to sale.
	HoldTTL time.Duration
	// OfferTTL is how long a waitlisted customer has to accept an offer.
	// Defaults to twice HoldTTL.
	OfferTTL time.Duration
	// SweepInterval controls how often expired holds are reclaimed.
	SweepInterval time.Duration
	Notifier      Notifier
	Logger        *log.Logger
	// Now is used for hold expiry; defaults to time.Now.
	Now func() time.Time
}

func (c *Config) setDefaults() error {
	if c.Performance == "" {
		return errors.New("seatholds: performance is required")
	}
	if len(c.Seats) == 0 {
		return errors.New("seatholds: performance has no seats")
	}
	if c.Notifier == nil {
		return errors.New("seatholds: notifier is required")
	}
	if c.HoldTTL <= 0 {
		c.HoldTTL = 8 * time.Minute
	}
	if c.OfferTTL <= 0 {
		c.OfferTTL = 2 * c.HoldTTL
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// BoxOffice manages the seat map of a single performance.
type BoxOffice struct {
	cfg    Config
	log    *log.Logger
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	cond     *sync.Cond
	order    []SeatID
	seats    map[SeatID]seatState
	holds    map[HoldID]*Hold
	waitlist []waitEntry
	seq      int
	closed   bool

	stop chan struct{}
}

// New opens sales for a performance and starts the background hold sweeper
// and waitlist promoter.
func New(cfg Config) (*BoxOffice, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	b := &BoxOffice{
		cfg:    cfg,
		log:    cfg.Logger,
		ctx:    ctx,
		cancel: cancel,
		order:  append([]SeatID(nil), cfg.Seats...),
		seats:  make(map[SeatID]seatState, len(cfg.Seats)),
		holds:  make(map[HoldID]*Hold),
		stop:   make(chan struct{}),
	}
	b.cond = sync.NewCond(&b.mu)
	for _, s := range cfg.Seats {
		if _, dup := b.seats[s]; dup {
			cancel()
			return nil, fmt.Errorf("seatholds: seat %s listed twice", s)
		}
		b.seats[s] = seatOpen
	}
	go b.sweepLoop()
	go b.promoteLoop()
	return b, nil
}

// HoldSeats holds the exact seats a customer picked on the seat map.
func (b *BoxOffice) HoldSeats(customer string, seats ...SeatID) (Hold, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return Hold{}, ErrClosed
	}
	for _, s := range seats {
		st, ok := b.seats[s]
		if !ok {
			return Hold{}, fmt.Errorf("%w: %s", ErrUnknownSeat, s)
		}
		if st != seatOpen {
			return Hold{}, fmt.Errorf("%w: %s", ErrSeatTaken, s)
		}
	}
	return b.holdLocked(customer, seats, b.cfg.HoldTTL), nil
}

// HoldBest holds the n best available seats.
func (b *BoxOffice) HoldBest(customer string, n int) (Hold, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return Hold{}, ErrClosed
	}
	if b.availableLocked() < n {
		return Hold{}, ErrSoldOut
	}
	return b.holdBestLocked(customer, n, b.cfg.HoldTTL), nil
}

// Confirm turns a hold into a sale once payment has cleared.
func (b *BoxOffice) Confirm(id HoldID) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	h, ok := b.holds[id]
	if !ok || !b.cfg.Now().Before(h.ExpiresAt) {
		return fmt.Errorf("%w: %s", ErrUnknownHold, id)
	}
	for _, s := range h.Seats {
		b.seats[s] = seatSold
	}
	delete(b.holds, id)
	b.log.Printf("perf=%s hold=%s confirmed seats=%v", b.cfg.Performance, id, h.Seats)
	return nil
}

// Release gives up a hold, e.g. when the customer abandons checkout.
func (b *BoxOffice) Release(id HoldID) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	h, ok := b.holds[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownHold, id)
	}
	b.releaseLocked(h)
	b.cond.Broadcast()
	return nil
}

// Available reports how many seats are currently open for sale.
func (b *BoxOffice) Available() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.availableLocked()
}

// Close ends sales for the performance and stops the background workers.
func (b *BoxOffice) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	b.cond.Broadcast()
	b.mu.Unlock()

	close(b.stop)
	b.cancel()
	b.log.Printf("perf=%s sales closed", b.cfg.Performance)
	return nil
}

func (b *BoxOffice) availableLocked() int {
	n := 0
	for _, st := range b.seats {
		if st == seatOpen {
			n++
		}
	}
	return n
}

func (b *BoxOffice) holdBestLocked(customer string, n int, ttl time.Duration) Hold {
	picked := make([]SeatID, 0, n)
	for _, s := range b.order {
		if len(picked) == n {
			break
		}
		if b.seats[s] == seatOpen {
			picked = append(picked, s)
		}
	}
	return b.holdLocked(customer, picked, ttl)
}

func (b *BoxOffice) holdLocked(customer string, seats []SeatID, ttl time.Duration) Hold {
	b.seq++
	h := &Hold{
		ID:        HoldID(fmt.Sprintf("%s-h%04d", b.cfg.Performance, b.seq)),
		Customer:  customer,
		Seats:     append([]SeatID(nil), seats...),
		ExpiresAt: b.cfg.Now().Add(ttl),
	}
	for _, s := range seats {
		b.seats[s] = seatHeld
	}
	b.holds[h.ID] = h
	return *h
}

func (b *BoxOffice) releaseLocked(h *Hold) {
	for _, s := range h.Seats {
		if b.seats[s] == seatHeld {
			b.seats[s] = seatOpen
		}
	}
	delete(b.holds, h.ID)
}
