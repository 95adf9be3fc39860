// Package fountain drives a musical fountain: it turns a show's cue list
// into valve commands on a ValveBank and plays them back in order.
package fountain

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// Nozzle identifies one jet in the basin, numbered from zero.
type Nozzle int

// Effect is what a nozzle does while a cue is held.
type Effect int

// Effects supported by the valve hardware.
const (
	Off Effect = iota
	Jet
	Mist
	Arc
)

func (e Effect) String() string {
	switch e {
	case Off:
		return "off"
	case Jet:
		return "jet"
	case Mist:
		return "mist"
	case Arc:
		return "arc"
	default:
		return fmt.Sprintf("effect(%d)", int(e))
	}
}

// Cue is one step of a show: a set of nozzles switched to an effect at a
// given height for a given time.
type Cue struct {
	ID      string
	At      time.Duration // offset from the start of the show, used for ordering
	Nozzles []Nozzle
	Effect  Effect
	Height  float64 // metres
	Hold    time.Duration
}

// Show is a named cue list, usually exported from the choreography tool.
type Show struct {
	Name string
	Cues []Cue
}

// Errors returned by the controller.
var (
	ErrEmptyShow = errors.New("fountain: show has no cues")
	ErrClosed    = errors.New("fountain: controller closed")
)

// CueError reports a cue that cannot be played on this basin.
type CueError struct {
	Show   string
	Cue    string
	Reason string
}

func (e *CueError) Error() string {
	return fmt.Sprintf("fountain: show %q cue %q: %s", e.Show, e.Cue, e.Reason)
}

// Validate checks the cue list against the physical limits of the basin.
func (s Show) Validate(maxHeight float64, nozzles int) error {
	if len(s.Cues) == 0 {
		return ErrEmptyShow
	}
	seen := make(map[string]bool, len(s.Cues))
	for _, c := range s.Cues {
		bad := func(reason string) error {
			return &CueError{Show: s.Name, Cue: c.ID, Reason: reason}
		}
		switch {
		case c.ID == "":
			return bad("missing id")
		case seen[c.ID]:
			return bad("duplicate id")
		case c.At < 0 || c.Hold < 0:
			return bad("negative time")
		case c.Height < 0 || c.Height > maxHeight:
			return bad(fmt.Sprintf("height %.1fm outside 0..%.1fm", c.Height, maxHeight))
		case c.Effect != Off && len(c.Nozzles) == 0:
			return bad("no nozzles")
		}
		for _, n := range c.Nozzles {
			if n < 0 || int(n) >= nozzles {
				return bad(fmt.Sprintf("nozzle %d not installed", n))
			}
		}
		seen[c.ID] = true
	}
	return nil
}

// ordered returns a copy of the cues sorted by start offset. Cues with the
// same offset keep their order from the file.
func (s Show) ordered() []Cue {
	out := make([]Cue, len(s.Cues))
	copy(out, s.Cues)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out
}

// ValveBank is the hardware side of the fountain: the PLC that opens and
// closes valves and sets pump pressure.
type ValveBank interface {
	Set(n Nozzle, e Effect, height float64) error
	AllOff() error
}

// Anemometer reports the current wind speed in metres per second.
type Anemometer interface {
	WindSpeed() float64
}

// Option configures a Controller.
type Option func(*Controller)

// WithMaxHeight sets the tallest jet the basin allows.
func WithMaxHeight(m float64) Option { return func(c *Controller) { c.maxHeight = m } }

// WithNozzles sets the number of installed nozzles.
func WithNozzles(n int) Option { return func(c *Controller) { c.nozzles = n } }

// WithWind lowers jets in strong wind so spray stays inside the basin.
// Above limit m/s heights are scaled down proportionally.
func WithWind(a Anemometer, limit float64) Option {
	return func(c *Controller) { c.wind, c.windLimit = a, limit }
}

// WithLogf sets a printf-style logger.
func WithLogf(f func(format string, args ...any)) Option {
	return func(c *Controller) { c.logf = f }
}
