// Package rigging drives the motorised fly system above an opera stage:
// line sets carrying scenery, drapes and lighting battens are flown in and
// out on cue.
package rigging

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	// ErrOverload is returned when a batten carries more than its rating.
	ErrOverload = errors.New("rigging: overload")
	// ErrFaulted is returned for a line set that has faulted and not been reset.
	ErrFaulted = errors.New("rigging: line set faulted")
	// ErrOutOfLimits is returned for a target outside a line set's soft limits.
	ErrOutOfLimits = errors.New("rigging: target outside soft limits")
	// ErrCueTimeout is returned when a cue does not complete within the watchdog.
	ErrCueTimeout = errors.New("rigging: cue watchdog expired")
	// ErrUnknownLineSet is returned for a move on a line set that is not patched.
	ErrUnknownLineSet = errors.New("rigging: unknown line set")
)

// Drive is the motor controller of the fly system.
type Drive interface {
	// Load returns the weight hanging on a line set, in kilograms.
	Load(ctx context.Context, lineSet int) (float64, error)
	// MoveTo flies a batten to target metres above the deck at speed m/s
	// and returns once it has stopped.
	MoveTo(ctx context.Context, lineSet int, target, speed float64) error
}

// Logger receives the show log.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// LineSetSpec is one entry of the hanging plot.
type LineSetSpec struct {
	Number      int
	Name        string
	LowLimit    float64
	HighLimit   float64
	Home        float64
	RatedLoadKg float64
}

// Config describes the fly system.
type Config struct {
	LineSets []LineSetSpec
	// MaxSpeed caps batten speed in metres per second.
	MaxSpeed float64
	// CueTimeout is the watchdog for a whole cue.
	CueTimeout time.Duration
	Logger     Logger
}

// Rig owns the line sets and runs cues against the drive.
type Rig struct {
	cfg      Config
	drive    Drive
	lineSets map[int]*LineSet
}

// NewRig checks the hanging plot and returns a Rig with every batten at its
// home position.
func NewRig(cfg Config, drive Drive) (*Rig, error) {
	if drive == nil {
		return nil, errors.New("rigging: a drive is required")
	}
	if cfg.MaxSpeed <= 0 {
		cfg.MaxSpeed = 1.2
	}
	if cfg.CueTimeout <= 0 {
		cfg.CueTimeout = 90 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
	r := &Rig{cfg: cfg, drive: drive, lineSets: make(map[int]*LineSet, len(cfg.LineSets))}
	for _, spec := range cfg.LineSets {
		if _, dup := r.lineSets[spec.Number]; dup {
			return nil, fmt.Errorf("rigging: line set %d patched twice", spec.Number)
		}
		if spec.LowLimit >= spec.HighLimit || spec.Home < spec.LowLimit || spec.Home > spec.HighLimit {
			return nil, fmt.Errorf("rigging: line set %d: inconsistent limits", spec.Number)
		}
		if spec.RatedLoadKg <= 0 {
			return nil, fmt.Errorf("rigging: line set %d: missing load rating", spec.Number)
		}
		r.lineSets[spec.Number] = &LineSet{spec: spec, pos: spec.Home}
	}
	return r, nil
}

// LineSets returns the patched line set numbers in order.
func (r *Rig) LineSets() []int {
	out := make([]int, 0, len(r.lineSets))
	for n := range r.lineSets {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// Position returns the last known height of a batten.
func (r *Rig) Position(lineSet int) (float64, error) {
	ls, ok := r.lineSets[lineSet]
	if !ok {
		return 0, fmt.Errorf("%w: %d", ErrUnknownLineSet, lineSet)
	}
	return ls.position(), nil
}

// ResetFault clears the fault on a line set after the flyman has inspected it.
func (r *Rig) ResetFault(lineSet int) error {
	ls, ok := r.lineSets[lineSet]
	if !ok {
		return fmt.Errorf("%w: %d", ErrUnknownLineSet, lineSet)
	}
	ls.reset()
	r.cfg.Logger.Printf("line set %d: fault reset", lineSet)
	return nil
}
