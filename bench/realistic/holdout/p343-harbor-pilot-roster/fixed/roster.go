package roster

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

var (
	ErrClosed       = errors.New("roster: closed")
	ErrUnknownPilot = errors.New("roster: unknown pilot")
	ErrNoPilot      = errors.New("roster: no qualified pilot available")
)

// Clock abstracts time for the rest-hour rules.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Config controls a Roster.
type Config struct {
	// MinRest is the minimum rest between two jobs for the same pilot.
	MinRest time.Duration
	// BoardingLead is how long before the movement window the pilot must
	// be on the launch.
	BoardingLead time.Duration
	// WatchBuffer is the number of assignments queued per watching device.
	WatchBuffer int
	Clock       Clock
	Logger      *log.Logger
}

// Roster keeps track of which pilots are free and dispatches movements to
// them. Pilots' handheld devices subscribe with Watch.
type Roster struct {
	cfg Config

	mu       sync.Mutex
	closed   bool
	pilots   map[string]*Pilot
	watchers map[string]chan Assignment
	history  []Assignment
}

// New creates a roster for the given pilots.
func New(cfg Config, pilots ...Pilot) (*Roster, error) {
	if cfg.MinRest < 0 || cfg.BoardingLead < 0 {
		return nil, errors.New("roster: negative durations in config")
	}
	if cfg.WatchBuffer <= 0 {
		cfg.WatchBuffer = 4
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	r := &Roster{
		cfg:      cfg,
		pilots:   make(map[string]*Pilot, len(pilots)),
		watchers: make(map[string]chan Assignment),
	}
	for i := range pilots {
		p := pilots[i]
		if p.ID == "" {
			return nil, fmt.Errorf("roster: pilot %d has no id", i)
		}
		if _, dup := r.pilots[p.ID]; dup {
			return nil, fmt.Errorf("roster: duplicate pilot %s", p.ID)
		}
		r.pilots[p.ID] = &p
	}
	return r, nil
}

// Assign picks the qualified pilot who has rested longest and hands them
// the movement.
func (r *Roster) Assign(ctx context.Context, m Movement) (Assignment, error) {
	if err := ctx.Err(); err != nil {
		return Assignment{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return Assignment{}, ErrClosed
	}

	now := r.cfg.Clock.Now()
	var candidates []*Pilot
	for _, p := range r.pilots {
		if err := p.qualifies(m, now, r.cfg.MinRest); err != nil {
			continue
		}
		candidates = append(candidates, p)
	}
	if len(candidates) == 0 {
		return Assignment{}, fmt.Errorf("%w for %s (%s, %.0f m)", ErrNoPilot, m.ID, m.Vessel, m.LengthM)
	}
	sort.Slice(candidates, func(i, j int) bool {
		a, b := candidates[i], candidates[j]
		if !a.LastReleased.Equal(b.LastReleased) {
			return a.LastReleased.Before(b.LastReleased)
		}
		if a.License != b.License {
			return a.License < b.License
		}
		return a.ID < b.ID
	})

	p := candidates[0]
	p.Busy = m.ID
	a := Assignment{PilotID: p.ID, Movement: m, Boarding: m.Window.Add(-r.cfg.BoardingLead)}
	r.history = append(r.history, a)
	r.notifyLocked(a)
	return a, nil
}

// Release marks the pilot free again after the movement is complete.
func (r *Roster) Release(pilotID string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pilots[pilotID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPilot, pilotID)
	}
	if p.Busy == "" {
		return fmt.Errorf("roster: pilot %s is not on a movement", pilotID)
	}
	p.Busy = ""
	p.LastReleased = r.cfg.Clock.Now()
	return nil
}

// SetDuty puts a pilot on or off watch.
func (r *Roster) SetDuty(pilotID string, on bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pilots[pilotID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownPilot, pilotID)
	}
	p.OnDuty = on
	return nil
}

// History returns the assignments made so far.
func (r *Roster) History() []Assignment {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Assignment(nil), r.history...)
}

// Close stops delivering assignments to watchers.
func (r *Roster) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	for id, ch := range r.watchers {
		close(ch)
		delete(r.watchers, id)
	}
	return nil
}
