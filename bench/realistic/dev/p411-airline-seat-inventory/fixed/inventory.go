// Package seats keeps the seat inventory of scheduled flights.
//
// Seats are held for a passenger while a booking is completed, then either
// confirmed (sold) or released. Holds that are neither confirmed nor
// released expire and are returned to the pool by a background reaper.
// Codeshare partners sell seats on the same flights through their own
// channels; SyncPartners reconciles the inventory with them.
package seats

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors returned (wrapped) by the inventory.
var (
	ErrUnknownFlight   = errors.New("seats: unknown flight")
	ErrUnknownSeat     = errors.New("seats: unknown seat")
	ErrSeatUnavailable = errors.New("seats: seat not available")
	ErrUnknownHold     = errors.New("seats: unknown hold")
	ErrHoldExpired     = errors.New("seats: hold expired")
	ErrDuplicateFlight = errors.New("seats: flight already loaded")
	ErrPartnerSync     = errors.New("seats: partner sync failed")
	errClosed          = errors.New("seats: inventory already closed")
)

// SeatState is the booking state of a seat.
type SeatState int

// Seat states.
const (
	Available SeatState = iota
	Held
	Sold
	PartnerBlocked
)

// Hold reserves a seat for a passenger until Expires.
type Hold struct {
	ID           string
	FlightID     string
	Seat         string
	PassengerRef string
	Expires      time.Time
}

// Availability summarises a flight's inventory.
type Availability struct {
	FlightID string
	Open     []string // seat numbers, sorted
	Held     int
	Sold     int
	Blocked  int
	AsOf     time.Time
}

type seat struct {
	state     SeatState
	holdID    string
	blockedBy string
}

type flight struct {
	id    string
	seats map[string]*seat
}

// availability must be called with the inventory lock held.
func (f *flight) availability(now time.Time) Availability {
	a := Availability{FlightID: f.id, AsOf: now}
	for num, s := range f.seats {
		switch s.state {
		case Available:
			a.Open = append(a.Open, num)
		case Held:
			a.Held++
		case Sold:
			a.Sold++
		case PartnerBlocked:
			a.Blocked++
		}
	}
	sort.Strings(a.Open)
	return a
}

// Inventory is the seat inventory. It is safe for concurrent use. Close
// stops the background reaper.
type Inventory struct {
	clock        Clock
	holdTTL      time.Duration
	reapInterval time.Duration
	partners     []Partner
	onRelease    func(Hold)
	log          Logger

	mu      sync.Mutex
	flights map[string]*flight
	holds   map[string]*Hold
	nextID  int

	stop      chan struct{}
	closeOnce sync.Once
}

// New creates an inventory and starts its expiry reaper.
func New(opts ...Option) *Inventory {
	inv := &Inventory{
		clock:        systemClock{},
		holdTTL:      15 * time.Minute,
		reapInterval: 30 * time.Second,
		onRelease:    func(Hold) {},
		log:          nopLogger{},
		flights:      make(map[string]*flight),
		holds:        make(map[string]*Hold),
		stop:         make(chan struct{}),
	}
	for _, opt := range opts {
		opt(inv)
	}
	go inv.reapLoop(inv.clock.NewTicker(inv.reapInterval))
	return inv
}

// AddFlight loads a flight with the given seat map, all seats available.
func (inv *Inventory) AddFlight(flightID string, seatNumbers []string) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if _, ok := inv.flights[flightID]; ok {
		return fmt.Errorf("%w: %s", ErrDuplicateFlight, flightID)
	}
	f := &flight{id: flightID, seats: make(map[string]*seat, len(seatNumbers))}
	for _, n := range seatNumbers {
		f.seats[n] = &seat{}
	}
	inv.flights[flightID] = f
	return nil
}

// HoldSeat holds seatNumber on flightID for the configured hold TTL.
func (inv *Inventory) HoldSeat(flightID, seatNumber, passengerRef string) (Hold, error) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	s, err := inv.seatLocked(flightID, seatNumber)
	if err != nil {
		return Hold{}, err
	}
	if s.state != Available {
		return Hold{}, fmt.Errorf("%w: %s %s", ErrSeatUnavailable, flightID, seatNumber)
	}
	inv.nextID++
	h := &Hold{
		ID:           fmt.Sprintf("H%07d", inv.nextID),
		FlightID:     flightID,
		Seat:         seatNumber,
		PassengerRef: passengerRef,
		Expires:      inv.clock.Now().Add(inv.holdTTL),
	}
	s.state, s.holdID = Held, h.ID
	inv.holds[h.ID] = h
	return *h, nil
}

// Confirm sells the seat reserved by holdID.
func (inv *Inventory) Confirm(holdID string) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	h, ok := inv.holds[holdID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownHold, holdID)
	}
	if !inv.clock.Now().Before(h.Expires) {
		return fmt.Errorf("%w: %s", ErrHoldExpired, holdID)
	}
	s := inv.flights[h.FlightID].seats[h.Seat]
	s.state, s.holdID = Sold, ""
	delete(inv.holds, holdID)
	return nil
}

// Release returns the seat reserved by holdID to the pool.
func (inv *Inventory) Release(holdID string) error {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if _, ok := inv.holds[holdID]; !ok {
		return fmt.Errorf("%w: %s", ErrUnknownHold, holdID)
	}
	inv.releaseLocked(holdID)
	return nil
}

// Close stops the expiry reaper. It does not wait for a reaping pass in
// progress to finish.
func (inv *Inventory) Close() error {
	err := errClosed
	inv.closeOnce.Do(func() {
		close(inv.stop)
		err = nil
	})
	return err
}

// reapLoop releases expired holds on every tick until Close is called.
func (inv *Inventory) reapLoop(t Ticker) {
	defer t.Stop()
	for {
		select {
		case <-inv.stop:
			return
		case now := <-t.C():
			for _, h := range inv.releaseExpired(now) {
				inv.onRelease(h)
			}
		}
	}
}

// releaseExpired releases every hold that expired at or before now.
func (inv *Inventory) releaseExpired(now time.Time) []Hold {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	var released []Hold
	for id, h := range inv.holds {
		if now.Before(h.Expires) {
			continue
		}
		released = append(released, *h)
		inv.releaseLocked(id)
	}
	return released
}

func (inv *Inventory) seatLocked(flightID, seatNumber string) (*seat, error) {
	f, ok := inv.flights[flightID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownFlight, flightID)
	}
	s, ok := f.seats[seatNumber]
	if !ok {
		return nil, fmt.Errorf("%w: %s %s", ErrUnknownSeat, flightID, seatNumber)
	}
	return s, nil
}

// releaseLocked frees the seat of holdID and forgets the hold.
func (inv *Inventory) releaseLocked(holdID string) {
	h := inv.holds[holdID]
	if s := inv.flights[h.FlightID].seats[h.Seat]; s.state == Held && s.holdID == holdID {
		s.state, s.holdID = Available, ""
	}
	delete(inv.holds, holdID)
}
