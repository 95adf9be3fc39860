package interlock

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Position is the lie of a set of points.
type Position int

const (
	Normal Position = iota
	Reverse
)

func (p Position) String() string {
	switch p {
	case Normal:
		return "normal"
	case Reverse:
		return "reverse"
	default:
		return fmt.Sprintf("position(%d)", int(p))
	}
}

// RouteSpec describes a route between two signals and the points it needs.
type RouteSpec struct {
	Name   string
	Entry  string
	Exit   string
	Points map[string]Position
}

// Config describes a yard's points and the routes the signaller may set.
type Config struct {
	Points       []string
	Routes       []RouteSpec
	ThrowTimeout time.Duration
	// DetectRetries is how many times detection is re-read after a throw
	// before the point is declared failed.
	DetectRetries int
}

// ErrConfig is returned for an inconsistent yard layout.
var ErrConfig = errors.New("interlock: invalid configuration")

type route struct {
	name   string
	entry  string
	exit   string
	points []string
	want   map[string]Position
}

func (c Config) build() (map[string]*route, error) {
	if len(c.Points) == 0 {
		return nil, fmt.Errorf("%w: no points", ErrConfig)
	}
	known := make(map[string]bool, len(c.Points))
	for _, p := range c.Points {
		if p == "" {
			return nil, fmt.Errorf("%w: empty point id", ErrConfig)
		}
		if known[p] {
			return nil, fmt.Errorf("%w: point %s listed twice", ErrConfig, p)
		}
		known[p] = true
	}

	routes := make(map[string]*route, len(c.Routes))
	for _, spec := range c.Routes {
		if spec.Name == "" || spec.Entry == "" || spec.Exit == "" {
			return nil, fmt.Errorf("%w: route %q needs a name, entry and exit signal", ErrConfig, spec.Name)
		}
		if _, dup := routes[spec.Name]; dup {
			return nil, fmt.Errorf("%w: route %s defined twice", ErrConfig, spec.Name)
		}
		if len(spec.Points) == 0 {
			return nil, fmt.Errorf("%w: route %s uses no points", ErrConfig, spec.Name)
		}
		r := &route{
			name:  spec.Name,
			entry: spec.Entry,
			exit:  spec.Exit,
			want:  make(map[string]Position, len(spec.Points)),
		}
		for id, pos := range spec.Points {
			if !known[id] {
				return nil, fmt.Errorf("%w: route %s uses unknown point %s", ErrConfig, spec.Name, id)
			}
			if pos != Normal && pos != Reverse {
				return nil, fmt.Errorf("%w: route %s: bad position for %s", ErrConfig, spec.Name, id)
			}
			r.points = append(r.points, id)
			r.want[id] = pos
		}
		sort.Strings(r.points)
		routes[spec.Name] = r
	}
	return routes, nil
}
