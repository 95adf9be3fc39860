// Package clinic schedules appointments for a small veterinary clinic. It
// books fixed-length slots with named vets, reminds owners of upcoming visits
// and hands walk-in patients to whichever vet on walk-in duty frees up first.
package clinic

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by operations on a Scheduler that has been closed.
	ErrClosed = errors.New("clinic: scheduler closed")
	// ErrSlotTaken is returned when the requested slot overlaps another booking.
	ErrSlotTaken = errors.New("clinic: slot already booked")
	// ErrUnknownVet is returned when a request names a vet the clinic does not employ.
	ErrUnknownVet = errors.New("clinic: unknown vet")
)

// Appointment is a booked visit.
type Appointment struct {
	ID       string
	Vet      string
	Pet      string
	Owner    string
	Start    time.Time
	End      time.Time
	Reminded bool
}

// BookingRequest asks for a slot starting at Start with the given vet.
type BookingRequest struct {
	Vet   string
	Pet   string
	Owner string
	Start time.Time
}

// Store persists appointments.
type Store interface {
	SaveAppointment(ctx context.Context, a Appointment) error
	Appointments(ctx context.Context, from, to time.Time) ([]Appointment, error)
	Close() error
}

// Notifier reaches pet owners.
type Notifier interface {
	Remind(ctx context.Context, a Appointment) error
	WalkInCalled(ctx context.Context, w WalkIn, vet string) error
}

// Clock abstracts time so reminders can be tested.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config describes the clinic.
type Config struct {
	// Vets lists every vet that can be booked.
	Vets []string
	// WalkInVets lists the vets that take walk-ins; defaults to Vets.
	WalkInVets []string
	// SlotLength is the length of a booked appointment.
	SlotLength time.Duration
	// ReminderLead is how far ahead of an appointment the owner is reminded.
	ReminderLead time.Duration
	// ReminderInterval is how often due reminders are looked for. Zero
	// disables reminders.
	ReminderInterval time.Duration
}

// Option customises a Scheduler.
type Option func(*Scheduler)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Scheduler) { s.clock = c } }

// Scheduler books appointments and serves walk-ins.
type Scheduler struct {
	cfg      Config
	store    Store
	notifier Notifier
	clock    Clock
	log      *log.Logger
	vets     *vetPool

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	closed bool
	seq    int
}

// New validates cfg and starts the reminder loop if one is configured.
func New(cfg Config, store Store, notifier Notifier, opts ...Option) (*Scheduler, error) {
	if len(cfg.Vets) == 0 {
		return nil, errors.New("clinic: at least one vet is required")
	}
	if cfg.SlotLength <= 0 {
		cfg.SlotLength = 30 * time.Minute
	}
	if len(cfg.WalkInVets) == 0 {
		cfg.WalkInVets = cfg.Vets
	}
	for _, v := range cfg.WalkInVets {
		if !contains(cfg.Vets, v) {
			return nil, fmt.Errorf("clinic: walk-in vet %q: %w", v, ErrUnknownVet)
		}
	}

	s := &Scheduler{
		cfg:      cfg,
		store:    store,
		notifier: notifier,
		clock:    realClock{},
		log:      log.Default(),
		vets:     newVetPool(cfg.WalkInVets),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if cfg.ReminderInterval > 0 {
		s.wg.Add(1)
		go s.reminderLoop()
	}
	return s, nil
}

// Book reserves a slot. It fails with ErrSlotTaken if the vet already has an
// appointment overlapping the requested one.
func (s *Scheduler) Book(ctx context.Context, req BookingRequest) (Appointment, error) {
	if err := s.checkOpen(); err != nil {
		return Appointment{}, err
	}
	if !contains(s.cfg.Vets, req.Vet) {
		return Appointment{}, fmt.Errorf("book %s with %q: %w", req.Pet, req.Vet, ErrUnknownVet)
	}
	end := req.Start.Add(s.cfg.SlotLength)

	existing, err := s.store.Appointments(ctx, req.Start.Add(-s.cfg.SlotLength), end)
	if err != nil {
		return Appointment{}, fmt.Errorf("book %s: load schedule: %w", req.Pet, err)
	}
	for _, a := range existing {
		if a.Vet == req.Vet && a.Start.Before(end) && req.Start.Before(a.End) {
			return Appointment{}, fmt.Errorf("book %s at %s: %w", req.Pet, req.Start.Format(time.Kitchen), ErrSlotTaken)
		}
	}

	a := Appointment{
		ID:    s.nextID("apt"),
		Vet:   req.Vet,
		Pet:   req.Pet,
		Owner: req.Owner,
		Start: req.Start,
		End:   end,
	}
	if err := s.store.SaveAppointment(ctx, a); err != nil {
		return Appointment{}, fmt.Errorf("book %s: save: %w", req.Pet, err)
	}
	return a, nil
}

// Close stops background work and closes the store. Walk-ins still waiting
// for a vet are turned away with ErrClosed.
func (s *Scheduler) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	s.mu.Unlock()

	s.cancel()
	s.wg.Wait()
	s.vets.close()
	if err := s.store.Close(); err != nil {
		return fmt.Errorf("clinic: close store: %w", err)
	}
	return nil
}

func (s *Scheduler) checkOpen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return nil
}

func (s *Scheduler) nextID(prefix string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("%s-%04d", prefix, s.seq)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
