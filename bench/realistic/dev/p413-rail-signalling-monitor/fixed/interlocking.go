package signalling

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrRouteConflict is returned when a route would lock a section that is
// already locked by another route or occupied by another train.
var ErrRouteConflict = errors.New("signalling: route conflict")

// EventKind is the state reported by a track circuit.
type EventKind int

// Track circuit states.
const (
	Cleared EventKind = iota
	Occupied
	Failed
)

func (k EventKind) String() string {
	switch k {
	case Cleared:
		return "cleared"
	case Occupied:
		return "occupied"
	case Failed:
		return "failed"
	default:
		return fmt.Sprintf("EventKind(%d)", int(k))
	}
}

// Event is one report from a track circuit. Train is the headcode given by
// the train describer and is empty when the occupying train is unidentified.
type Event struct {
	Section string
	Kind    EventKind
	Train   string
	At      time.Time
}

// Route is a path set by the interlocking for one train.
type Route struct {
	ID       string
	Train    string
	Sections []string
}

// AlertKind classifies alerts.
type AlertKind string

// Alert kinds.
const (
	AlertRouteConflict  AlertKind = "route-conflict"
	AlertCircuitFailure AlertKind = "track-circuit-failure"
)

// Alert is raised to the signaller.
type Alert struct {
	Kind    AlertKind
	Section string
	Route   string
	Train   string
	At      time.Time
	Message string
}

type occupancy struct {
	occupied bool
	failed   bool
	train    string
	since    time.Time
}

// interlocking is the monitor's view of route locking and occupancy.
type interlocking struct {
	mu     sync.Mutex
	occ    map[string]occupancy
	routes map[string]Route
	locks  map[string]string // section -> route ID
}

func newInterlocking() *interlocking {
	return &interlocking{
		occ:    make(map[string]occupancy),
		routes: make(map[string]Route),
		locks:  make(map[string]string),
	}
}

func (s *interlocking) setRoute(r Route) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range r.Sections {
		if other, ok := s.locks[id]; ok {
			return fmt.Errorf("%w: %s locked by route %s", ErrRouteConflict, id, other)
		}
		if o := s.occ[id]; o.occupied && o.train != r.Train {
			return fmt.Errorf("%w: %s occupied by %q", ErrRouteConflict, id, o.train)
		}
	}
	s.routes[r.ID] = r
	for _, id := range r.Sections {
		s.locks[id] = r.ID
	}
	return nil
}

// forget drops all knowledge of a section that is no longer supervised.
func (s *interlocking) forget(section string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.occ, section)
	delete(s.locks, section)
}

// apply records ev and returns the alerts it gives rise to.
func (s *interlocking) apply(ev Event, now time.Time) []Alert {
	s.mu.Lock()
	defer s.mu.Unlock()

	prev := s.occ[ev.Section]
	routeID, locked := s.locks[ev.Section]
	var alerts []Alert
	alert := func(kind AlertKind, msg string) {
		alerts = append(alerts, Alert{
			Kind: kind, Section: ev.Section, Route: routeID, Train: ev.Train, At: now, Message: msg,
		})
	}

	switch ev.Kind {
	case Failed:
		s.occ[ev.Section] = occupancy{occupied: true, failed: true, since: ev.At}
		if !prev.failed {
			alert(AlertCircuitFailure, "track circuit failed, section treated as occupied")
		}
	case Occupied:
		s.occ[ev.Section] = occupancy{occupied: true, train: ev.Train, since: ev.At}
		if locked {
			if want := s.routes[routeID].Train; ev.Train != want {
				alert(AlertRouteConflict, fmt.Sprintf("section locked for %s occupied by %q", want, ev.Train))
			}
		}
	case Cleared:
		delete(s.occ, ev.Section)
		if locked && prev.occupied && prev.train == s.routes[routeID].Train {
			// Sectional release: the route's train has passed through.
			delete(s.locks, ev.Section)
		}
	}
	return alerts
}
