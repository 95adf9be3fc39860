package tidegate

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Gate describes one culvert gate between the estuary and the marsh.
type Gate struct {
	ID string
	// SillElevation is the invert of the culvert in metres above datum.
	SillElevation float64
	// MaxOpening is the largest opening allowed, in percent of full travel.
	MaxOpening float64
}

// Reading is a pair of water levels taken on either side of the gates.
type Reading struct {
	At         time.Time
	SeaLevel   float64
	MarshLevel float64
}

// Config describes the marsh, its gates and the operating rules.
type Config struct {
	Gates []Gate
	// MaxMarshLevel is the highest level the marsh may reach before the
	// gates are closed to protect the upland fields and road.
	MaxMarshLevel float64
	// MinMarshLevel is the level below which the gates are held shut on
	// the ebb so the marsh does not drain dry.
	MinMarshLevel float64
	// SurgeLockout is the sea level at which every gate is closed.
	SurgeLockout float64
	// ScourHead is the head difference at which inflow is throttled to
	// limit velocity through the culverts.
	ScourHead float64
	// Deadband is the smallest change in opening worth a gate move.
	Deadband float64
	// MoveTimeout bounds a single actuator move.
	MoveTimeout time.Duration
}

func (c *Config) validate() error {
	if len(c.Gates) == 0 {
		return errors.New("tidegate: no gates configured")
	}
	seen := make(map[string]bool, len(c.Gates))
	for _, g := range c.Gates {
		if g.ID == "" {
			return errors.New("tidegate: gate without an id")
		}
		if seen[g.ID] {
			return fmt.Errorf("tidegate: duplicate gate %q", g.ID)
		}
		seen[g.ID] = true
		if g.MaxOpening <= 0 || g.MaxOpening > 100 {
			return fmt.Errorf("tidegate: gate %s max opening %.0f%% out of range", g.ID, g.MaxOpening)
		}
	}
	if c.MinMarshLevel >= c.MaxMarshLevel {
		return fmt.Errorf("tidegate: marsh band %.2f..%.2f is empty", c.MinMarshLevel, c.MaxMarshLevel)
	}
	if c.ScourHead <= 0 {
		c.ScourHead = 0.3
	}
	if c.Deadband <= 0 {
		c.Deadband = 5
	}
	if c.MoveTimeout <= 0 {
		c.MoveTimeout = 90 * time.Second
	}
	return nil
}

// target returns the opening, in percent, that gate g should have for
// reading r.
func (c *Config) target(g Gate, r Reading) float64 {
	switch {
	case r.SeaLevel >= c.SurgeLockout:
		return 0
	case r.SeaLevel > r.MarshLevel:
		if r.MarshLevel >= c.MaxMarshLevel || r.SeaLevel <= g.SillElevation {
			return 0
		}
		head := r.SeaLevel - r.MarshLevel
		frac := 1.0
		if head > c.ScourHead {
			frac = c.ScourHead / head
		}
		return math.Round(g.MaxOpening * frac)
	default:
		if r.MarshLevel <= c.MinMarshLevel || r.MarshLevel <= g.SillElevation {
			return 0
		}
		return g.MaxOpening
	}
}
