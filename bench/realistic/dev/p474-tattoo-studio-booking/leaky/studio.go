// Package studio books tattoo sessions with the artists of one studio and
// keeps a waitlist per artist for clients who want the next free session.
package studio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

var (
	ErrUnknownArtist = errors.New("studio: unknown artist")
	ErrSlotTaken     = errors.New("studio: slot overlaps an existing booking")
	ErrOutsideHours  = errors.New("studio: slot outside opening hours")
	ErrBadDuration   = errors.New("studio: session length not allowed")
	ErrNoBooking     = errors.New("studio: no such booking")
	ErrClosed        = errors.New("studio: closed")
)

// Slot is a block of an artist's time.
type Slot struct {
	Artist string
	Start  time.Time
	Length time.Duration
}

// End is when the session is over.
func (s Slot) End() time.Time { return s.Start.Add(s.Length) }

func (s Slot) overlaps(o Slot) bool {
	return s.Artist == o.Artist && s.Start.Before(o.End()) && o.Start.Before(s.End())
}

// Booking is a confirmed session.
type Booking struct {
	ID      string
	Client  string
	Design  string
	Slot    Slot
	Deposit int
}

// Notifier reaches clients, typically by SMS.
type Notifier interface {
	SlotOffered(ctx context.Context, client string, b Booking) error
	WaitlistClosed(ctx context.Context, client, artist string) error
}

// WaitlistStore keeps waitlist entries across restarts.
type WaitlistStore interface {
	SaveWaitlist(ctx context.Context, entries []WaitlistEntry) error
}

// Artist is a resident or guest artist.
type Artist struct {
	Name        string
	HourlyRate  int
	DepositRate float64
}

// Config describes the studio.
type Config struct {
	Artists       []Artist
	OpenHour      int
	CloseHour     int
	MinSession    time.Duration
	MaxSession    time.Duration
	NotifyTimeout time.Duration
	Notifier      Notifier
	Store         WaitlistStore
	Logger        *log.Logger
}

// Studio holds the calendar of every artist.
type Studio struct {
	cfg     Config
	artists map[string]Artist

	mu       sync.Mutex
	closed   bool
	seq      int
	bookings map[string]Booking
	calendar map[string][]Booking
	lines    map[string]*line

	wg sync.WaitGroup
}

// New validates cfg and returns an open studio.
func New(cfg Config) (*Studio, error) {
	if len(cfg.Artists) == 0 {
		return nil, errors.New("studio: no artists configured")
	}
	if cfg.Notifier == nil || cfg.Store == nil {
		return nil, errors.New("studio: notifier and waitlist store are required")
	}
	if cfg.OpenHour < 0 || cfg.CloseHour > 24 || cfg.OpenHour >= cfg.CloseHour {
		return nil, fmt.Errorf("studio: bad opening hours %d-%d", cfg.OpenHour, cfg.CloseHour)
	}
	if cfg.MinSession == 0 {
		cfg.MinSession = time.Hour
	}
	if cfg.MaxSession == 0 {
		cfg.MaxSession = 6 * time.Hour
	}
	if cfg.NotifyTimeout == 0 {
		cfg.NotifyTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	s := &Studio{
		cfg:      cfg,
		artists:  make(map[string]Artist, len(cfg.Artists)),
		bookings: make(map[string]Booking),
		calendar: make(map[string][]Booking),
		lines:    make(map[string]*line),
	}
	for _, a := range cfg.Artists {
		s.artists[a.Name] = a
		s.lines[a.Name] = &line{cond: sync.NewCond(&s.mu)}
	}
	return s, nil
}

// Book reserves slot for client.
func (s *Studio) Book(_ context.Context, client, design string, slot Slot) (Booking, error) {
	if err := s.checkSlot(slot); err != nil {
		return Booking{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Booking{}, ErrClosed
	}
	return s.bookLocked(client, design, slot)
}

// Cancel releases a booking. If clients are waiting for that artist the
// freed slot is offered to the first of them.
func (s *Studio) Cancel(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bookings[id]
	if !ok {
		return ErrNoBooking
	}
	delete(s.bookings, id)
	cal := s.calendar[b.Slot.Artist]
	for i := range cal {
		if cal[i].ID == id {
			s.calendar[b.Slot.Artist] = append(cal[:i:i], cal[i+1:]...)
			break
		}
	}
	s.cfg.Logger.Printf("studio: %s cancelled %s with %s", b.Client, b.Slot.Start.Format(time.RFC3339), b.Slot.Artist)
	if l := s.lines[b.Slot.Artist]; len(l.waiters) > 0 {
		l.openings = append(l.openings, b.Slot)
		l.cond.Broadcast()
	}
	return nil
}

// Schedule lists an artist's bookings in start order.
func (s *Studio) Schedule(artist string) []Booking {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Booking(nil), s.calendar[artist]...)
}

func (s *Studio) checkSlot(slot Slot) error {
	if _, ok := s.artists[slot.Artist]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownArtist, slot.Artist)
	}
	if slot.Length < s.cfg.MinSession || slot.Length > s.cfg.MaxSession || slot.Length%(30*time.Minute) != 0 {
		return fmt.Errorf("%w: %s", ErrBadDuration, slot.Length)
	}
	day := time.Date(slot.Start.Year(), slot.Start.Month(), slot.Start.Day(), 0, 0, 0, 0, slot.Start.Location())
	open := day.Add(time.Duration(s.cfg.OpenHour) * time.Hour)
	closing := day.Add(time.Duration(s.cfg.CloseHour) * time.Hour)
	if slot.Start.Before(open) || slot.End().After(closing) {
		return fmt.Errorf("%w: %s-%s", ErrOutsideHours, slot.Start.Format("15:04"), slot.End().Format("15:04"))
	}
	return nil
}

func (s *Studio) bookLocked(client, design string, slot Slot) (Booking, error) {
	for _, b := range s.calendar[slot.Artist] {
		if b.Slot.overlaps(slot) {
			return Booking{}, fmt.Errorf("%w: %s at %s", ErrSlotTaken, b.ID, b.Slot.Start.Format("15:04"))
		}
	}
	a := s.artists[slot.Artist]
	s.seq++
	b := Booking{
		ID:      fmt.Sprintf("BK-%04d", s.seq),
		Client:  client,
		Design:  design,
		Slot:    slot,
		Deposit: int(float64(a.HourlyRate) * slot.Length.Hours() * a.DepositRate),
	}
	s.bookings[b.ID] = b
	cal := append(s.calendar[slot.Artist], b)
	sort.Slice(cal, func(i, j int) bool { return cal[i].Slot.Start.Before(cal[j].Slot.Start) })
	s.calendar[slot.Artist] = cal
	return b, nil
}
