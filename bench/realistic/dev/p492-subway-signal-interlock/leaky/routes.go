package interlock

import (
	"context"
	"errors"
	"fmt"
)

// SectionID names a track circuit.
type SectionID string

// PointPosition is the lie of a set of points (a switch).
type PointPosition int

const (
	Normal PointPosition = iota
	Reverse
)

func (p PointPosition) String() string {
	if p == Reverse {
		return "reverse"
	}
	return "normal"
}

// Aspect is what a signal shows to the driver.
type Aspect int

const (
	Danger Aspect = iota
	Caution
	Proceed
)

func (a Aspect) String() string {
	switch a {
	case Caution:
		return "caution"
	case Proceed:
		return "proceed"
	}
	return "danger"
}

// Route is a path from an entry signal to an exit signal through a set of
// track sections, with the points that must be set for it.
type Route struct {
	ID          string
	EntrySignal string
	ExitSignal  string
	Sections    []SectionID
	Points      map[string]PointPosition
}

// Layout is the static route table of an interlocking area.
type Layout struct {
	Name   string
	Routes []Route
}

func (l Layout) index() (map[string]Route, error) {
	routes := make(map[string]Route, len(l.Routes))
	for _, r := range l.Routes {
		if r.ID == "" || r.EntrySignal == "" {
			return nil, errors.New("interlock: route without id or entry signal")
		}
		if len(r.Sections) == 0 {
			return nil, fmt.Errorf("interlock: route %s has no sections", r.ID)
		}
		if _, dup := routes[r.ID]; dup {
			return nil, fmt.Errorf("interlock: duplicate route %s", r.ID)
		}
		routes[r.ID] = r
	}
	return routes, nil
}

// Grant is delivered to the requester once a route is set, or with Err set if
// it could not be.
type Grant struct {
	Route  string
	Train  string
	Aspect Aspect
	Err    error
}

// FieldDriver talks to the trackside equipment.
type FieldDriver interface {
	SetPoint(ctx context.Context, point string, pos PointPosition) error
	SetAspect(ctx context.Context, signal string, a Aspect) error
}

var (
	ErrUnknownRoute = errors.New("interlock: unknown route")
	ErrNotHolder    = errors.New("interlock: route not held by train")
	ErrClosed       = errors.New("interlock: interlocking shut down")
)
