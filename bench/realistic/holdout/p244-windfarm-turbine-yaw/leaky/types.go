package yaw

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrBrakeEngaged is returned by a YawDrive whose yaw brake is locked,
	// usually because a technician is up the tower.
	ErrBrakeEngaged = errors.New("yaw: brake engaged")
	// ErrUnknownTurbine is returned for a turbine the controller does not manage.
	ErrUnknownTurbine = errors.New("yaw: unknown turbine")
)

// WindShift is a change in wind direction measured at a turbine's nacelle vane.
type WindShift struct {
	Turbine      string
	DirectionDeg float64
	SpeedMS      float64
	At           time.Time
}

// WindFeed delivers vane readings from the farm's SCADA system. Callbacks run
// on the feed's dispatch goroutine and must return quickly.
type WindFeed interface {
	Subscribe(fn func(WindShift)) (unsubscribe func())
}

// YawDrive moves a turbine's nacelle.
type YawDrive interface {
	Heading(ctx context.Context, turbine string) (float64, error)
	Rotate(ctx context.Context, turbine string, deltaDeg float64) error
}

// EventKind classifies controller events.
type EventKind int

// Event kinds reported to observers.
const (
	Aligned EventKind = iota
	Held
	Unwound
	Failed
)

func (k EventKind) String() string {
	switch k {
	case Aligned:
		return "aligned"
	case Held:
		return "held"
	case Unwound:
		return "unwound"
	case Failed:
		return "failed"
	}
	return "unknown"
}

// Event reports what the controller did with a wind shift.
type Event struct {
	Turbine    string
	Kind       EventKind
	HeadingDeg float64
	TwistDeg   float64
	Err        error
	At         time.Time
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}
