package doormon

import (
	"fmt"
	"time"
)

// DoorID names a door leaf pair, e.g. "2B" for car 2, right-hand side.
type DoorID string

// State is the interpreted state of a door.
type State int

// Door states, in the order a normal cycle passes through them.
const (
	Unknown State = iota
	Locked
	Closed
	Open
	Obstructed
)

func (s State) String() string {
	switch s {
	case Locked:
		return "locked"
	case Closed:
		return "closed"
	case Open:
		return "open"
	case Obstructed:
		return "obstructed"
	default:
		return "unknown"
	}
}

// Reading is one sample from a door controller.
type Reading struct {
	Door        DoorID
	Closed      bool // leaf-closed limit switch
	Locked      bool // lock engaged
	Obstruction bool // sensitive edge or light curtain triggered
}

func (r Reading) state() State {
	switch {
	case r.Obstruction:
		return Obstructed
	case r.Closed && r.Locked:
		return Locked
	case r.Closed:
		return Closed
	default:
		return Open
	}
}

// DoorStatus is what the monitor knows about a door.
type DoorStatus struct {
	Door      DoorID
	State     State
	Since     time.Time
	Cycles    int // open/close cycles seen since start
	LastAlert AlertKind
}

// AlertKind classifies a raised alert.
type AlertKind int

// Alert kinds.
const (
	NoAlert AlertKind = iota
	OpenWhileMoving
	ObstructionHeld
	DwellExceeded
)

func (k AlertKind) String() string {
	switch k {
	case OpenWhileMoving:
		return "open-while-moving"
	case ObstructionHeld:
		return "obstruction-held"
	case DwellExceeded:
		return "dwell-exceeded"
	default:
		return "none"
	}
}

// Alert is sent to the driver's desk and the depot.
type Alert struct {
	Kind     AlertKind
	Door     DoorID
	At       time.Time
	SpeedKmh float64
	Detail   string
}

func (a Alert) String() string {
	return fmt.Sprintf("%s door %s at %s (%.0f km/h) %s",
		a.Kind, a.Door, a.At.Format("15:04:05"), a.SpeedKmh, a.Detail)
}
