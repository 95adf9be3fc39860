package funicular

import (
	"context"
	"time"
)

// EventKind classifies telemetry from the haul rope drive.
type EventKind int

const (
	EvPosition EventKind = iota
	EvArrived
	EvFault
)

// Event is one telemetry message from the drive PLC. Positions are those of
// car A, measured along the track from the lower station; car B is always at
// LengthM minus that.
type Event struct {
	Kind      EventKind
	At        time.Time
	Trip      uint64
	PositionM float64
	SpeedMPS  float64
	Fault     string
}

// Drive is the haul rope winch controller in the top station.
type Drive interface {
	// Subscribe opens a telemetry stream whose first event is a position
	// snapshot; cancel unsubscribes.
	Subscribe(ctx context.Context) (<-chan Event, func(), error)
	// Reset clears a latched fault after the operator has inspected the line.
	Reset(ctx context.Context) error
	// Run starts a trip with the given speed profile.
	Run(ctx context.Context, trip uint64, p Profile) error
	// Halt applies the service brake on the bull wheel.
	Halt(reason string) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Option customises a Dispatcher.
type Option func(*Dispatcher)

// WithClock replaces time.Now, mostly for simulations.
func WithClock(now func() time.Time) Option {
	return func(d *Dispatcher) { d.now = now }
}

// WithLogger sets the dispatcher's logger.
func WithLogger(l Logger) Option {
	return func(d *Dispatcher) { d.log = l }
}

// WithArrivalHook registers fn to be called after every completed trip.
func WithArrivalHook(fn func(TripRecord)) Option {
	return func(d *Dispatcher) { d.onArrival = fn }
}
