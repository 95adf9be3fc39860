// Package interlock implements the route-setting logic of a small relay-style
// interlocking: routes reserve the track sections they run over, points are
// thrown once the sections are secured, and a cancelled route with a train on
// its approach stays locked until the approach locking timer has run out.
package interlock

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Position is the position of a set of points.
type Position int

// Point positions.
const (
	Normal Position = iota
	Reverse
)

func (p Position) String() string {
	if p == Reverse {
		return "reverse"
	}
	return "normal"
}

// Aspect is what a signal shows.
type Aspect int

// Signal aspects.
const (
	Danger Aspect = iota
	Proceed
)

func (a Aspect) String() string {
	if a == Proceed {
		return "proceed"
	}
	return "danger"
}

// RouteState is reported to the panel as a route changes state.
type RouteState string

// Route states.
const (
	RouteSet       RouteState = "set"
	RouteTiming    RouteState = "approach-locked"
	RouteReleasing RouteState = "releasing"
	RouteReleased  RouteState = "released"
)

// RouteDef is a route from an entry signal to an exit signal.
type RouteDef struct {
	ID       string
	Entry    string // entry signal
	Exit     string // exit signal
	Approach string // track section in rear of the entry signal
	Sections []string
	Points   map[string]Position
}

// Layout is the static description of the controlled area.
type Layout struct {
	Sections []string
	Routes   []RouteDef
}

func (l Layout) validate() error {
	known := make(map[string]bool, len(l.Sections))
	for _, s := range l.Sections {
		if known[s] {
			return fmt.Errorf("interlock: section %s declared twice", s)
		}
		known[s] = true
	}
	ids := make(map[string]bool, len(l.Routes))
	for _, r := range l.Routes {
		if r.ID == "" || ids[r.ID] {
			return fmt.Errorf("interlock: missing or duplicate route id %q", r.ID)
		}
		ids[r.ID] = true
		if len(r.Sections) == 0 {
			return fmt.Errorf("interlock: route %s has no sections", r.ID)
		}
		if !known[r.Approach] {
			return fmt.Errorf("interlock: route %s: unknown approach section %s", r.ID, r.Approach)
		}
		for _, s := range r.Sections {
			if !known[s] {
				return fmt.Errorf("interlock: route %s: unknown section %s", r.ID, s)
			}
		}
	}
	return nil
}

// PointMachine drives the point motors in the field.
type PointMachine interface {
	Throw(ctx context.Context, point string, to Position) error
}

// Panel is the signaller's display.
type Panel interface {
	Route(routeID string, state RouteState)
	Signal(signalID string, aspect Aspect)
}

// Errors returned by the interlocking.
var (
	ErrUnknownRoute = errors.New("interlock: unknown route")
	ErrConflict     = errors.New("interlock: conflicting route")
	ErrOccupied     = errors.New("interlock: section occupied")
	ErrClosed       = errors.New("interlock: closed")
)

// section is one track circuit.
type section struct {
	id         string
	mu         sync.RWMutex
	occupied   bool
	reservedBy string
}

func (s *section) available(routeID string) error {
	if s.reservedBy != "" && s.reservedBy != routeID {
		return fmt.Errorf("%w: reserved by %s", ErrConflict, s.reservedBy)
	}
	if s.occupied {
		return ErrOccupied
	}
	return nil
}

// ordered returns the sections of ids in lock order.
func ordered(all map[string]*section, ids []string) []*section {
	secs := make([]*section, 0, len(ids))
	for _, id := range ids {
		secs = append(secs, all[id])
	}
	sort.Slice(secs, func(i, j int) bool { return secs[i].id < secs[j].id })
	return secs
}

func unlockSections(secs []*section) {
	for _, s := range secs {
		s.mu.Unlock()
	}
}
