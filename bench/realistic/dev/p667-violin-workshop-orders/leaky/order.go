// Package workshop tracks commissioned instruments through a luthier's
// workshop, from wood selection to delivery.
package workshop

import (
	"errors"
	"fmt"
	"time"
)

// Instrument is the kind of instrument commissioned.
type Instrument string

// Instruments built by the workshop.
const (
	Violin Instrument = "violin"
	Viola  Instrument = "viola"
	Cello  Instrument = "cello"
)

// Stage is a step in building an instrument.
type Stage int

// Build stages, in order. Cancelled can be reached from any stage before
// Delivered.
const (
	Received Stage = iota
	WoodSelected
	Carving
	Assembly
	Varnishing
	Setup
	Ready
	Delivered
	Cancelled
)

var stageNames = [...]string{
	"received", "wood selected", "carving", "assembly",
	"varnishing", "setup", "ready", "delivered", "cancelled",
}

func (s Stage) String() string {
	if s >= 0 && int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// canAdvanceTo reports whether an order at stage s may move to next.
func (s Stage) canAdvanceTo(next Stage) bool {
	switch {
	case s == Delivered || s == Cancelled:
		return false
	case next == Cancelled:
		return true
	default:
		return next == s+1
	}
}

// Spec describes a commission.
type Spec struct {
	Customer   string
	Instrument Instrument
	Model      string // pattern the luthier works from, e.g. "Guarneri 1743"
	Top        string // tonewood for the top plate
	Back       string // tonewood for the back and ribs
	Due        time.Time
}

func (s Spec) validate() error {
	if s.Customer == "" {
		return errors.New("workshop: commission has no customer")
	}
	switch s.Instrument {
	case Violin, Viola, Cello:
	default:
		return fmt.Errorf("workshop: unknown instrument %q", s.Instrument)
	}
	if s.Due.IsZero() {
		return errors.New("workshop: commission has no due date")
	}
	return nil
}

// Transition records one stage change of an order.
type Transition struct {
	From, To Stage
	At       time.Time
	By       string
}

// Order is a commission and its progress through the workshop.
type Order struct {
	ID      string
	Spec    Spec
	Stage   Stage
	History []Transition
}

// StageUpdate asks for an order to be moved to a new stage.
type StageUpdate struct {
	OrderID string
	To      Stage
	By      string // luthier reporting the change
}

// ErrUnknownOrder is reported for updates naming an order that does not exist.
var ErrUnknownOrder = errors.New("workshop: unknown order")

// TransitionError is reported when an update would skip or reverse stages.
type TransitionError struct {
	OrderID  string
	From, To Stage
}

func (e *TransitionError) Error() string {
	return fmt.Sprintf("workshop: order %s cannot move from %s to %s", e.OrderID, e.From, e.To)
}
