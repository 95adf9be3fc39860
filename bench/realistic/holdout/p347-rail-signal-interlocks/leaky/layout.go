package interlock

import (
	"context"
	"errors"
	"fmt"
)

// Aspect is what a signal shows to the driver.
type Aspect int

const (
	Danger Aspect = iota
	Caution
	Proceed
)

func (a Aspect) String() string {
	switch a {
	case Danger:
		return "red"
	case Caution:
		return "yellow"
	case Proceed:
		return "green"
	default:
		return fmt.Sprintf("aspect(%d)", int(a))
	}
}

// PointPosition is the lie of a set of points (a railway switch).
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

// PointRequirement says which way a point must lie for a route.
type PointRequirement struct {
	Point    string
	Position PointPosition
}

// RouteDef is a route from an entry signal through a set of track sections.
type RouteDef struct {
	ID       string
	Entry    string
	Exit     string
	Sections []string
	Points   []PointRequirement
}

// Layout is the static description of the area under control.
type Layout struct {
	Signals  []string
	Sections []string
	Points   []string
	Routes   []RouteDef
}

func (l Layout) validate() error {
	sections := make(map[string]bool, len(l.Sections))
	for _, s := range l.Sections {
		sections[s] = true
	}
	points := make(map[string]bool, len(l.Points))
	for _, p := range l.Points {
		points[p] = true
	}
	signals := make(map[string]bool, len(l.Signals))
	for _, s := range l.Signals {
		signals[s] = true
	}
	for _, r := range l.Routes {
		if !signals[r.Entry] {
			return fmt.Errorf("interlock: route %s: unknown entry signal %s", r.ID, r.Entry)
		}
		if r.Exit != "" && !signals[r.Exit] {
			return fmt.Errorf("interlock: route %s: unknown exit signal %s", r.ID, r.Exit)
		}
		if len(r.Sections) == 0 {
			return fmt.Errorf("interlock: route %s has no sections", r.ID)
		}
		for _, s := range r.Sections {
			if !sections[s] {
				return fmt.Errorf("interlock: route %s: unknown section %s", r.ID, s)
			}
		}
		for _, p := range r.Points {
			if !points[p.Point] {
				return fmt.Errorf("interlock: route %s: unknown point %s", r.ID, p.Point)
			}
		}
	}
	return nil
}

// OccupancyEvent reports a change seen by a track circuit or axle counter.
type OccupancyEvent struct {
	Section  string
	Occupied bool
}

// Detector is the train detection equipment.
type Detector interface {
	Subscribe(ctx context.Context) (<-chan OccupancyEvent, error)
}

// PointMachine drives points in the field.
type PointMachine interface {
	Throw(ctx context.Context, point string, to PointPosition) error
}

var (
	ErrUnknownRoute      = errors.New("interlock: unknown route")
	ErrRouteSet          = errors.New("interlock: route already set")
	ErrConflict          = errors.New("interlock: conflicting route or occupied section")
	ErrPointOutOfService = errors.New("interlock: point out of service")
	ErrNotStarted        = errors.New("interlock: not started")
)
