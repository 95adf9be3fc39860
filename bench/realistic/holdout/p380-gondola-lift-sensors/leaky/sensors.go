package gondola

import (
	"context"
	"fmt"
	"time"
)

// Kind is the physical quantity a sensor measures.
type Kind int

const (
	WindSpeed    Kind = iota // m/s at the tower head
	RopeTension              // kN on the haul rope
	BullwheelRPM             // drive bullwheel speed
	DoorGap                  // mm, cabin door closure gap
)

func (k Kind) String() string {
	switch k {
	case WindSpeed:
		return "wind-speed"
	case RopeTension:
		return "rope-tension"
	case BullwheelRPM:
		return "bullwheel-rpm"
	case DoorGap:
		return "door-gap"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

// Sensor is one field device on the lift.
type Sensor interface {
	ID() string
	Kind() Kind
	Read(ctx context.Context) (float64, error)
}

// Sample is a single reading.
type Sample struct {
	Sensor string
	Kind   Kind
	Value  float64
	At     time.Time
}

// Limit holds the thresholds for one kind of reading.
type Limit struct {
	Warn     float64
	Critical float64
}

// DefaultLimits are conservative thresholds for a detachable gondola.
var DefaultLimits = map[Kind]Limit{
	WindSpeed:    {Warn: 15, Critical: 22},
	RopeTension:  {Warn: 180, Critical: 210},
	BullwheelRPM: {Warn: 32, Critical: 36},
	DoorGap:      {Warn: 3, Critical: 8},
}

// Severity grades a fault.
type Severity int

const (
	Normal Severity = iota
	Warning
	Critical
)

func (s Severity) String() string {
	switch s {
	case Normal:
		return "normal"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	default:
		return fmt.Sprintf("Severity(%d)", int(s))
	}
}

func classify(v float64, l Limit) Severity {
	switch {
	case v >= l.Critical:
		return Critical
	case v >= l.Warn:
		return Warning
	default:
		return Normal
	}
}

// Fault is an active out-of-limits condition. Warnings clear by themselves
// when the reading returns to normal; critical faults latch until a
// technician has inspected the lift and an operator clears them.
type Fault struct {
	Sensor    string
	Kind      Kind
	Severity  Severity
	Peak      float64
	Since     time.Time
	Inspector string // empty until inspected
}

// AuditEvent is emitted for operator actions on faults.
type AuditEvent struct {
	Action   string
	Operator string
	Fault    Fault
	At       time.Time
}
