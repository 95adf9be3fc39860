package interlock

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config configures an Interlocking.
type Config struct {
	Points PointMachine
	Panel  Panel
	// ApproachLockTime is how long a cancelled route stays locked when a
	// train is standing on or running over its approach.
	ApproachLockTime time.Duration
	ThrowTimeout     time.Duration
	Logger           *log.Logger
}

type activeRoute struct {
	def        RouteDef
	secs       []*section
	cancelling bool
}

// Interlocking sets and releases routes over a Layout.
type Interlocking struct {
	cfg      Config
	sections map[string]*section
	routes   map[string]RouteDef

	mu     sync.Mutex
	active map[string]*activeRoute
	timers map[string]*time.Timer
	closed bool
}

// New returns an interlocking for layout with every section clear and no
// route set.
func New(layout Layout, cfg Config) (*Interlocking, error) {
	if err := layout.validate(); err != nil {
		return nil, err
	}
	if cfg.Points == nil || cfg.Panel == nil {
		return nil, fmt.Errorf("interlock: Points and Panel are required")
	}
	if cfg.ApproachLockTime <= 0 {
		cfg.ApproachLockTime = 2 * time.Minute
	}
	if cfg.ThrowTimeout <= 0 {
		cfg.ThrowTimeout = 6 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	il := &Interlocking{
		cfg:      cfg,
		sections: make(map[string]*section, len(layout.Sections)),
		routes:   make(map[string]RouteDef, len(layout.Routes)),
		active:   make(map[string]*activeRoute),
		timers:   make(map[string]*time.Timer),
	}
	for _, id := range layout.Sections {
		il.sections[id] = &section{id: id}
	}
	for _, r := range layout.Routes {
		il.routes[r.ID] = r
	}
	return il, nil
}

// SetRoute reserves the sections of routeID, throws its points and clears
// its entry signal.
func (il *Interlocking) SetRoute(ctx context.Context, routeID string) error {
	def, ok := il.routes[routeID]
	if !ok {
		return fmt.Errorf("%w %s", ErrUnknownRoute, routeID)
	}
	il.mu.Lock()
	_, isSet := il.active[routeID]
	closed := il.closed
	il.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if isSet {
		return nil
	}

	secs := ordered(il.sections, def.Sections)
	if err := il.reserve(routeID, secs); err != nil {
		return fmt.Errorf("route %s: %w", routeID, err)
	}
	for point, pos := range def.Points {
		if err := il.throw(ctx, point, pos); err != nil {
			il.unreserve(routeID, secs)
			return fmt.Errorf("route %s: %w", routeID, err)
		}
	}

	il.mu.Lock()
	il.active[routeID] = &activeRoute{def: def, secs: secs}
	il.mu.Unlock()
	il.cfg.Logger.Printf("route %s set", routeID)
	il.cfg.Panel.Route(routeID, RouteSet)
	il.cfg.Panel.Signal(def.Entry, il.Aspect(def.Entry))
	return nil
}

func (il *Interlocking) reserve(routeID string, secs []*section) error {
	for i, s := range secs {
		s.mu.Lock()
		if err := s.available(routeID); err != nil {
			unlockSections(secs[:i+1])
			return fmt.Errorf("section %s: %w", s.id, err)
		}
	}
	for _, s := range secs {
		s.reservedBy = routeID
	}
	unlockSections(secs)
	return nil
}

func (il *Interlocking) unreserve(routeID string, secs []*section) {
	for _, s := range secs {
		s.mu.Lock()
		if s.reservedBy == routeID {
			s.reservedBy = ""
		}
		s.mu.Unlock()
	}
}

func (il *Interlocking) throw(ctx context.Context, point string, pos Position) error {
	ctx, cancel := context.WithTimeout(ctx, il.cfg.ThrowTimeout)
	defer cancel()
	if err := il.cfg.Points.Throw(ctx, point, pos); err != nil {
		return fmt.Errorf("points %s to %s: %w", point, pos, err)
	}
	return nil
}

// CancelRoute puts the entry signal of routeID to danger and releases the
// route, at once if its approach is clear, otherwise after the approach
// locking time. It reports whether the release was deferred.
func (il *Interlocking) CancelRoute(routeID string) (bool, error) {
	il.mu.Lock()
	ar, ok := il.active[routeID]
	if !ok || il.closed {
		il.mu.Unlock()
		return false, fmt.Errorf("%w %s is not set", ErrUnknownRoute, routeID)
	}
	if ar.cancelling {
		il.mu.Unlock()
		return true, nil
	}
	ar.cancelling = true
	il.cfg.Panel.Signal(ar.def.Entry, Danger)

	if il.occupied(ar.def.Approach) {
		il.timers[routeID] = time.AfterFunc(il.cfg.ApproachLockTime, func() {
			il.release(routeID)
		})
		il.mu.Unlock()
		il.cfg.Logger.Printf("route %s approach locked for %s", routeID, il.cfg.ApproachLockTime)
		il.cfg.Panel.Route(routeID, RouteTiming)
		return true, nil
	}
	il.mu.Unlock()
	il.release(routeID)
	return false, nil
}

func (il *Interlocking) release(routeID string) {
	il.mu.Lock()
	ar, ok := il.active[routeID]
	delete(il.active, routeID)
	delete(il.timers, routeID)
	il.mu.Unlock()
	if !ok {
		return
	}
	il.cfg.Panel.Route(routeID, RouteReleasing)
	il.unreserve(routeID, ar.secs)
	il.cfg.Logger.Printf("route %s released", routeID)
	il.cfg.Panel.Route(routeID, RouteReleased)
}

func (il *Interlocking) occupied(sectionID string) bool {
	s := il.sections[sectionID]
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.occupied
}

// TrackCircuit records a change reported by the track circuit of a section.
func (il *Interlocking) TrackCircuit(sectionID string, occupied bool) error {
	s, ok := il.sections[sectionID]
	if !ok {
		return fmt.Errorf("interlock: unknown section %s", sectionID)
	}
	s.mu.Lock()
	s.occupied = occupied
	s.mu.Unlock()
	return nil
}

// Aspect returns what signalID should show: proceed only if a route from it
// is set, not being cancelled, and every section of the route is clear.
func (il *Interlocking) Aspect(signalID string) Aspect {
	il.mu.Lock()
	var secs []*section
	for _, r := range il.active {
		if r.def.Entry == signalID && !r.cancelling {
			secs = r.secs
			break
		}
	}
	il.mu.Unlock()
	if secs == nil {
		return Danger
	}
	for _, s := range secs {
		s.mu.RLock()
		occ := s.occupied
		s.mu.RUnlock()
		if occ {
			return Danger
		}
	}
	return Proceed
}

// Close stops all pending approach locking timers. Routes that are still set
// stay reserved.
func (il *Interlocking) Close() {
	il.mu.Lock()
	defer il.mu.Unlock()
	il.closed = true
	for id, t := range il.timers {
		t.Stop()
		delete(il.timers, id)
	}
}
