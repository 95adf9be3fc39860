// Package shiftplan assigns volunteers to event shifts, keeps a waitlist
// for full shifts and sends reminders before each shift starts.
package shiftplan

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

var (
	ErrUnknownShift     = errors.New("shiftplan: unknown shift")
	ErrUnknownVolunteer = errors.New("shiftplan: unknown volunteer")
	ErrAlreadySigned    = errors.New("shiftplan: volunteer already on shift")
	ErrOverlap          = errors.New("shiftplan: shift overlaps an existing assignment")
	ErrHoursExceeded    = errors.New("shiftplan: weekly hour limit exceeded")
	ErrWaitlisted       = errors.New("shiftplan: shift full, volunteer waitlisted")
	ErrClosed           = errors.New("shiftplan: planner closed")
)

// Shift is a block of time at one station that needs a number of volunteers.
type Shift struct {
	ID       string
	Station  string
	Start    time.Time
	End      time.Time
	Capacity int

	assigned []string
	waitlist []string
	reminded bool
}

func (s *Shift) hours() float64 { return s.End.Sub(s.Start).Hours() }

func (s *Shift) overlaps(o *Shift) bool {
	return s.Start.Before(o.End) && o.Start.Before(s.End)
}

// Volunteer is a person who can sign up for shifts.
type Volunteer struct {
	ID       string
	Name     string
	Contact  string
	MaxHours float64

	shifts []string
}

// Config holds the planner settings.
type Config struct {
	ReminderLead  time.Duration
	CheckInterval time.Duration
	DefaultMax    float64
}

// Option customises a Planner.
type Option func(*Planner)

// WithClock replaces the wall clock, mostly for tests and simulations.
func WithClock(c Clock) Option { return func(p *Planner) { p.clock = c } }

// WithLogger sets the logger used for operational messages.
func WithLogger(l *log.Logger) Option { return func(p *Planner) { p.log = l } }

// Planner is safe for concurrent use.
type Planner struct {
	cfg      Config
	notifier Notifier
	clock    Clock
	log      *log.Logger

	mu         sync.RWMutex
	shifts     map[string]*Shift
	volunteers map[string]*Volunteer

	closed   atomic.Bool
	stopOnce sync.Once
	stop     chan struct{}
}

// New builds a Planner and starts its reminder loop.
func New(cfg Config, n Notifier, opts ...Option) *Planner {
	if cfg.ReminderLead <= 0 {
		cfg.ReminderLead = 24 * time.Hour
	}
	if cfg.CheckInterval <= 0 {
		cfg.CheckInterval = 5 * time.Minute
	}
	if cfg.DefaultMax <= 0 {
		cfg.DefaultMax = 20
	}
	p := &Planner{
		cfg:        cfg,
		notifier:   n,
		clock:      realClock{},
		log:        log.Default(),
		shifts:     make(map[string]*Shift),
		volunteers: make(map[string]*Volunteer),
		stop:       make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	go p.reminderLoop()
	return p
}

// AddShift registers a shift.
func (p *Planner) AddShift(s Shift) error {
	if !s.End.After(s.Start) || s.Capacity <= 0 {
		return fmt.Errorf("shiftplan: invalid shift %q", s.ID)
	}
	if p.closed.Load() {
		return ErrClosed
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	cp := s
	cp.assigned, cp.waitlist = nil, nil
	p.shifts[s.ID] = &cp
	return nil
}

// AddVolunteer registers a volunteer.
func (p *Planner) AddVolunteer(v Volunteer) error {
	if v.MaxHours <= 0 {
		v.MaxHours = p.cfg.DefaultMax
	}
	if p.closed.Load() {
		return ErrClosed
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	cp := v
	cp.shifts = nil
	p.volunteers[v.ID] = &cp
	return nil
}

// SignUp puts a volunteer on a shift, or on its waitlist when it is full.
func (p *Planner) SignUp(ctx context.Context, volunteerID, shiftID string) error {
	if p.closed.Load() {
		return ErrClosed
	}
	p.mu.Lock()
	sh, ok := p.shifts[shiftID]
	if !ok {
		p.mu.Unlock()
		return ErrUnknownShift
	}
	v, ok := p.volunteers[volunteerID]
	if !ok {
		p.mu.Unlock()
		return ErrUnknownVolunteer
	}
	if err := p.eligible(v, sh); err != nil {
		p.mu.Unlock()
		return err
	}
	if len(sh.assigned) >= sh.Capacity {
		if !contains(sh.waitlist, v.ID) {
			sh.waitlist = append(sh.waitlist, v.ID)
		}
		pos := len(sh.waitlist)
		p.log.Printf("shiftplan: %s waitlisted for %s at position %d", v.ID, sh.ID, pos)
		return fmt.Errorf("%w (position %d)", ErrWaitlisted, pos)
	}
	sh.assigned = append(sh.assigned, v.ID)
	v.shifts = append(v.shifts, sh.ID)
	msg := confirmation(v, sh)
	p.mu.Unlock()

	if err := p.notifier.Send(ctx, msg); err != nil {
		p.log.Printf("shiftplan: confirmation to %s failed: %v", v.ID, err)
	}
	return nil
}

// Withdraw removes a volunteer from a shift and promotes the first
// waitlisted volunteer that is still eligible.
func (p *Planner) Withdraw(ctx context.Context, volunteerID, shiftID string) error {
	p.mu.Lock()
	sh, ok := p.shifts[shiftID]
	if !ok {
		p.mu.Unlock()
		return ErrUnknownShift
	}
	v := p.volunteers[volunteerID]
	if v == nil || !contains(sh.assigned, volunteerID) {
		p.mu.Unlock()
		return ErrUnknownVolunteer
	}
	sh.assigned = remove(sh.assigned, volunteerID)
	v.shifts = remove(v.shifts, shiftID)

	var promoted []Message
	for len(sh.waitlist) > 0 && len(sh.assigned) < sh.Capacity {
		next := p.volunteers[sh.waitlist[0]]
		sh.waitlist = sh.waitlist[1:]
		if next == nil || p.eligible(next, sh) != nil {
			continue
		}
		sh.assigned = append(sh.assigned, next.ID)
		next.shifts = append(next.shifts, sh.ID)
		promoted = append(promoted, confirmation(next, sh))
	}
	p.mu.Unlock()

	for _, m := range promoted {
		if err := p.notifier.Send(ctx, m); err != nil {
			p.log.Printf("shiftplan: promotion notice to %s failed: %v", m.To, err)
		}
	}
	return nil
}

// Roster returns the volunteers assigned to a shift, sorted.
func (p *Planner) Roster(shiftID string) ([]string, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	sh, ok := p.shifts[shiftID]
	if !ok {
		return nil, ErrUnknownShift
	}
	out := append([]string(nil), sh.assigned...)
	sort.Strings(out)
	return out, nil
}

// Close stops the reminder loop and rejects further sign-ups.
func (p *Planner) Close() {
	p.closed.Store(true)
	p.stopOnce.Do(func() { close(p.stop) })
}

func (p *Planner) eligible(v *Volunteer, sh *Shift) error {
	if contains(sh.assigned, v.ID) {
		return ErrAlreadySigned
	}
	total := sh.hours()
	for _, id := range v.shifts {
		other := p.shifts[id]
		if other == nil {
			continue
		}
		if other.overlaps(sh) {
			return fmt.Errorf("%w: %s", ErrOverlap, other.ID)
		}
		total += other.hours()
	}
	if total > v.MaxHours {
		return ErrHoursExceeded
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
