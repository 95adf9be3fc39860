package spa

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Store persists bookings.
type Store interface {
	Save(ctx context.Context, b Booking) error
}

// Notifier sends confirmations to guests.
type Notifier interface {
	Confirm(ctx context.Context, b Booking) error
}

// Config configures a Scheduler.
type Config struct {
	// Rooms maps a room ID to the treatment it provides.
	Rooms             map[string]Treatment
	Hours             Hours
	Store             Store
	Notifier          Notifier
	Cleaner           Cleaner
	TurnaroundTimeout time.Duration
	Now               func() time.Time
	Logger            *log.Logger
}

// Scheduler takes bookings, assigns rooms at check-in and hands rooms to
// housekeeping at check-out.
type Scheduler struct {
	cfg Config
	log *log.Logger

	mu       sync.Mutex
	cond     *sync.Cond
	rooms    map[string]*room
	dirty    []string
	bookings map[string]*Booking
	seq      int
	closed   bool
}

// New validates cfg and starts the housekeeping loop.
func New(cfg Config) (*Scheduler, error) {
	if len(cfg.Rooms) == 0 {
		return nil, fmt.Errorf("spa: no rooms configured")
	}
	if cfg.Store == nil || cfg.Cleaner == nil {
		return nil, fmt.Errorf("spa: store and cleaner are required")
	}
	if cfg.Hours == (Hours{}) {
		cfg.Hours = DefaultHours
	}
	if cfg.TurnaroundTimeout <= 0 {
		cfg.TurnaroundTimeout = 45 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Scheduler{
		cfg:      cfg,
		log:      cfg.Logger,
		rooms:    make(map[string]*room, len(cfg.Rooms)),
		bookings: make(map[string]*Booking),
	}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	s.cond = sync.NewCond(&s.mu)
	now := cfg.Now()
	for id, kind := range cfg.Rooms {
		s.rooms[id] = &room{id: id, kind: kind, state: roomClean, lastClean: now}
	}
	go s.housekeeping()
	return s, nil
}

// Book reserves a treatment for a guest. Capacity is the number of rooms of
// that kind minus overlapping bookings.
func (s *Scheduler) Book(ctx context.Context, guest string, t Treatment, start time.Time) (Booking, error) {
	end := start.Add(t.Duration())
	if err := s.cfg.Hours.contains(start, end); err != nil {
		return Booking{}, err
	}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Booking{}, ErrClosed
	}
	overlapping := 0
	for _, b := range s.bookings {
		if b.Treatment == t && b.Done.IsZero() && b.overlaps(start, end) {
			overlapping++
		}
	}
	if overlapping >= s.capacity(t) {
		s.mu.Unlock()
		return Booking{}, fmt.Errorf("%w: %s at %s", ErrFullyBooked, t, start.Format("15:04"))
	}
	s.seq++
	b := &Booking{
		ID:        fmt.Sprintf("BK%05d", s.seq),
		Guest:     guest,
		Treatment: t,
		Start:     start,
	}
	s.bookings[b.ID] = b
	s.mu.Unlock()

	if err := s.cfg.Store.Save(ctx, *b); err != nil {
		s.mu.Lock()
		delete(s.bookings, b.ID)
		s.mu.Unlock()
		return Booking{}, fmt.Errorf("spa: save booking: %w", err)
	}
	if s.cfg.Notifier != nil {
		if err := s.cfg.Notifier.Confirm(ctx, *b); err != nil {
			s.log.Printf("confirmation for %s not sent: %v", b.ID, err)
		}
	}
	return *b, nil
}

// CheckIn assigns a clean room to the booking.
func (s *Scheduler) CheckIn(ctx context.Context, bookingID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	b, ok := s.bookings[bookingID]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrNoSuchBooking, bookingID)
	}
	if b.Room != "" {
		return b.Room, nil
	}
	r := s.freeRoom(b.Treatment)
	if r == nil {
		return "", fmt.Errorf("%w: %s", ErrRoomNotReady, b.Treatment)
	}
	r.state = roomOccupied
	r.booking = b.ID
	b.Room = r.id
	b.CheckedIn = s.cfg.Now()
	return r.id, nil
}

// CheckOut releases the booking's room to housekeeping.
func (s *Scheduler) CheckOut(ctx context.Context, bookingID string) error {
	s.mu.Lock()
	b, ok := s.bookings[bookingID]
	if !ok || b.Room == "" {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s not checked in", ErrNoSuchBooking, bookingID)
	}
	if !b.Done.IsZero() {
		s.mu.Unlock()
		return nil
	}
	r := s.rooms[b.Room]
	r.state = roomDirty
	r.booking = ""
	b.Done = s.cfg.Now()
	s.dirty = append(s.dirty, r.id)
	s.mu.Unlock()
	s.cond.Broadcast()

	return s.cfg.Store.Save(ctx, *b)
}

// WaitIdle blocks until no room is waiting for or in turnaround, or ctx ends.
func (s *Scheduler) WaitIdle(ctx context.Context) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		busy := 0
		for _, st := range s.Status() {
			busy += st.Turnaround
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// Close stops taking bookings and stops housekeeping.
func (s *Scheduler) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cond.Broadcast()
	return nil
}
