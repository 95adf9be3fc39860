// Package conveyor supervises the chain of belt conveyors that carries
// rock salt from the working face to the shaft loading pocket.
package conveyor

import (
	"context"
	"fmt"
	"time"
)

// EventKind is what a field sensor reported.
type EventKind int

const (
	// Jam is raised by a chute blockage or belt-drift switch.
	Jam EventKind = iota + 1
	// Cleared is sent by the crew's pull-key once a jam is cleared.
	Cleared
	// Overcurrent is raised by the motor protection relay.
	Overcurrent
)

func (k EventKind) String() string {
	switch k {
	case Jam:
		return "jam"
	case Cleared:
		return "cleared"
	case Overcurrent:
		return "overcurrent"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is a sensor report for one belt segment.
type Event struct {
	Kind    EventKind
	Segment string
	Amps    float64
	At      time.Time
}

// SensorBus delivers field events, typically off a Modbus or CAN gateway.
type SensorBus interface {
	Events() <-chan Event
}

// Drive commands the variable-frequency drives of the belt motors.
type Drive interface {
	Run(ctx context.Context, segment string, rpm float64) error
	Stop(ctx context.Context, segment string) error
}

// SegmentStatus is a snapshot of one belt.
type SegmentStatus struct {
	Name    string
	Running bool
	RPM     float64
	Jammed  bool
	Trips   int
}
