package farrier

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Work describes what the farrier is booked to do.
type Work int

const (
	Trim Work = iota
	FrontShoes
	FullSet
	Remedial
)

func (w Work) String() string {
	switch w {
	case Trim:
		return "trim"
	case FrontShoes:
		return "front shoes"
	case FullSet:
		return "full set"
	case Remedial:
		return "remedial"
	default:
		return fmt.Sprintf("work(%d)", int(w))
	}
}

// hooves returns the hooves that need a shoe for the given work.
func (w Work) hooves() []Hoof {
	switch w {
	case FrontShoes:
		return []Hoof{NearFore, OffFore}
	case FullSet, Remedial:
		return []Hoof{NearFore, OffFore, NearHind, OffHind}
	default:
		return nil
	}
}

// Hoof identifies one of the four hooves.
type Hoof string

const (
	NearFore Hoof = "NF"
	OffFore  Hoof = "OF"
	NearHind Hoof = "NH"
	OffHind  Hoof = "OH"
)

// Horse is a client horse stabled at the yard.
type Horse struct {
	Name      string
	Owner     string
	Stall     string
	ShoeSize  int
	Lame      bool
	Fractious bool
}

// Appointment is a booked visit of a horse to the forge.
type Appointment struct {
	Horse  Horse
	Work   Work
	Booked time.Time
	done   chan Result
}

// Done delivers the result once the farrier has finished with the horse.
func (a *Appointment) Done() <-chan Result { return a.done }

// Result records what was done during an appointment.
type Result struct {
	Horse    string
	Work     Work
	Farrier  string
	Shod     []Hoof
	Started  time.Time
	Finished time.Time
	Err      error
}

// Forge heats and shapes a shoe of the given size.
type Forge interface {
	Shape(ctx context.Context, size int, hoof Hoof) error
}

// Ledger stores completed work for invoicing.
type Ledger interface {
	Record(ctx context.Context, r Result) error
}

var (
	ErrYardClosed  = errors.New("farrier: yard is closed")
	ErrQueueFull   = errors.New("farrier: booking queue is full")
	ErrNeedsSedate = errors.New("farrier: horse must be sedated by a vet first")
)
