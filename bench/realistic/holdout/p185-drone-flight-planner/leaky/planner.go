// Package flightplan schedules drone missions through shared airspace
// corridors. It checks every mission with the airspace authority, queues it
// until its corridor has room, launches the drone and follows its telemetry
// until the drone is back on the ground.
package flightplan

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Errors returned by the Planner.
var (
	ErrInvalidMission   = errors.New("flightplan: invalid mission")
	ErrDuplicateMission = errors.New("flightplan: duplicate mission")
	ErrUnknownMission   = errors.New("flightplan: unknown mission")
	ErrRestricted       = errors.New("flightplan: airspace restricted")
)

// Mission is a request to fly one drone along a route inside one corridor.
type Mission struct {
	ID       string
	DroneID  string
	Corridor string
	Route    []Waypoint
}

// State is where a mission is in its lifecycle.
type State int

// Mission states.
const (
	StateQueued State = iota
	StateHolding
	StateAirborne
	StateLanded
	StateFailed
)

// Fleet is the command link to the drones.
type Fleet interface {
	Launch(ctx context.Context, droneID string, route []Waypoint) error
	Telemetry(ctx context.Context, droneID string) (<-chan Frame, error)
}

// Config configures a Planner. Checker and Fleet are required.
type Config struct {
	Checker AirspaceChecker
	Fleet   Fleet

	// Capacity is the number of drones each corridor holds at once;
	// corridors not listed hold one.
	Capacity map[string]int

	// MaxFlightTime bounds a flight from launch to landing.
	MaxFlightTime time.Duration

	// OnHold, if set, is called each time a mission has to wait for its
	// corridor. It runs with the corridor locked and must not block or call
	// back into the Planner.
	OnHold func(mission, corridor string)
}

func (c *Config) setDefaults() {
	if c.MaxFlightTime <= 0 {
		c.MaxFlightTime = 45 * time.Minute
	}
}

// Planner schedules missions and tracks them until they land.
type Planner struct {
	cfg Config

	mu        sync.Mutex
	corridors map[string]*corridor
	missions  map[string]*record
}

type record struct {
	mission Mission
	state   State
	err     error
	last    Frame
}

// New returns a Planner for cfg.
func New(cfg Config) (*Planner, error) {
	if cfg.Checker == nil || cfg.Fleet == nil {
		return nil, errors.New("flightplan: Checker and Fleet are required")
	}
	cfg.setDefaults()
	return &Planner{
		cfg:       cfg,
		corridors: make(map[string]*corridor),
		missions:  make(map[string]*record),
	}, nil
}

// Submit validates m, checks it with the airspace authority and queues it.
// It returns once the mission is queued; waiting for the corridor, the
// flight and the landing happen in the background. Use Status to follow it.
func (p *Planner) Submit(ctx context.Context, m Mission) error {
	if err := p.validate(m); err != nil {
		return err
	}
	restrictions, err := p.cfg.Checker.Check(ctx, m)
	if err != nil {
		return fmt.Errorf("flightplan: airspace check for %s: %w", m.ID, err)
	}
	if ids := blockingIDs(restrictions); len(ids) > 0 {
		return fmt.Errorf("%w: mission %s blocked by %s", ErrRestricted, m.ID, strings.Join(ids, ", "))
	}

	p.mu.Lock()
	if _, dup := p.missions[m.ID]; dup {
		p.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrDuplicateMission, m.ID)
	}
	rec := &record{mission: m, state: StateQueued}
	p.missions[m.ID] = rec
	c := p.corridorLocked(m.Corridor)
	p.mu.Unlock()

	go p.fly(rec, c)
	return nil
}

func (p *Planner) validate(m Mission) error {
	switch {
	case m.ID == "":
		return fmt.Errorf("%w: missing ID", ErrInvalidMission)
	case m.DroneID == "":
		return fmt.Errorf("%w: mission %s has no drone", ErrInvalidMission, m.ID)
	case m.Corridor == "":
		return fmt.Errorf("%w: mission %s has no corridor", ErrInvalidMission, m.ID)
	case len(m.Route) < 2:
		return fmt.Errorf("%w: mission %s needs at least two waypoints", ErrInvalidMission, m.ID)
	}
	return nil
}

// corridorLocked returns the named corridor, creating it on first use.
// p.mu must be held.
func (p *Planner) corridorLocked(name string) *corridor {
	if c, ok := p.corridors[name]; ok {
		return c
	}
	capacity := 1
	if n := p.cfg.Capacity[name]; n > 0 {
		capacity = n
	}
	c := newCorridor(name, capacity, p.held)
	p.corridors[name] = c
	return c
}

// held is the corridor's hold callback.
func (p *Planner) held(mission, corridor string) {
	p.setState(mission, StateHolding, nil)
	if p.cfg.OnHold != nil {
		p.cfg.OnHold(mission, corridor)
	}
}

// fly runs one mission from the corridor queue to landing.
func (p *Planner) fly(rec *record, c *corridor) {
	m := rec.mission
	c.reserve(m.ID)
	defer c.release(m.ID)

	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.MaxFlightTime)
	defer cancel()

	if err := p.cfg.Fleet.Launch(ctx, m.DroneID, m.Route); err != nil {
		p.setState(m.ID, StateFailed, fmt.Errorf("flightplan: launch drone %s: %w", m.DroneID, err))
		return
	}
	p.setState(m.ID, StateAirborne, nil)
	if err := p.follow(ctx, rec); err != nil {
		p.setState(m.ID, StateFailed, err)
		return
	}
	p.setState(m.ID, StateLanded, nil)
}

func (p *Planner) setState(id string, s State, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if rec, ok := p.missions[id]; ok {
		rec.state = s
		rec.err = err
	}
}

// Status reports a mission's state and, for failed missions, why it failed.
func (p *Planner) Status(id string) (State, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rec, ok := p.missions[id]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownMission, id)
	}
	return rec.state, rec.err
}

// ApplyNotice closes or re-opens a corridor according to a NOTAM from the
// airspace feed.
func (p *Planner) ApplyNotice(n Notice) error {
	if n.ID == "" || n.Corridor == "" {
		return fmt.Errorf("flightplan: notice %q must name a corridor", n.ID)
	}
	p.mu.Lock()
	c := p.corridorLocked(n.Corridor)
	p.mu.Unlock()
	c.apply(n)
	return nil
}
