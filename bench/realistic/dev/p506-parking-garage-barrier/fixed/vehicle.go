// Package barrier drives the entry barrier of a single-lane parking garage
// entrance: vehicles queue at the arm, are let in while bays are free, and
// permit holders may use bays that are held back from the public.
package barrier

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Class tells which bays a vehicle may use.
type Class int

const (
	// Public vehicles pay at the machine and use the public bays.
	Public Class = iota
	// Permit holders may also use the reserved bays.
	Permit
)

func (c Class) String() string {
	switch c {
	case Public:
		return "public"
	case Permit:
		return "permit"
	}
	return fmt.Sprintf("class(%d)", int(c))
}

// Vehicle is a car waiting at, or let through, the barrier.
type Vehicle struct {
	Plate     string
	Class     Class
	ArrivedAt time.Time
}

// Admission records a vehicle that was let into the garage.
type Admission struct {
	Vehicle  Vehicle
	Lane     string
	At       time.Time
	Waited   time.Duration
	FreeLeft int
}

// Gate is the barrier arm hardware.
type Gate interface {
	// Raise lifts the arm for one vehicle and returns once it has passed.
	Raise(ctx context.Context, lane string) error
}

// Sign is the "FREE / FULL" sign at the garage entrance.
type Sign interface {
	Show(ctx context.Context, lane string, free int) error
}

// Logger is the subset of *log.Logger the controller uses.
type Logger interface {
	Printf(format string, args ...any)
}

var (
	// ErrClosed is returned once the garage has been closed.
	ErrClosed = errors.New("barrier: garage closed")
	// ErrQueueFull is returned when the approach lane cannot hold another car.
	ErrQueueFull = errors.New("barrier: approach lane full")
	// ErrDuplicate is returned for a plate that is already queued or inside.
	ErrDuplicate = errors.New("barrier: plate already queued or inside")
	// ErrUnknownVehicle is returned when a departing plate was never admitted.
	ErrUnknownVehicle = errors.New("barrier: vehicle not inside")
)

// Config describes one entrance lane.
type Config struct {
	Lane         string
	Capacity     int
	PermitBays   int
	MaxQueue     int
	RaiseTimeout time.Duration
	RaiseRetries int
	Now          func() time.Time
	Logger       Logger
	OnAdmit      func(Admission)
}

func (c *Config) validate() error {
	if c.Lane == "" {
		return errors.New("barrier: lane name required")
	}
	if c.Capacity <= 0 {
		return fmt.Errorf("barrier: capacity %d", c.Capacity)
	}
	if c.PermitBays < 0 || c.PermitBays > c.Capacity {
		return fmt.Errorf("barrier: %d permit bays for capacity %d", c.PermitBays, c.Capacity)
	}
	if c.MaxQueue <= 0 {
		c.MaxQueue = 8
	}
	if c.RaiseTimeout <= 0 {
		c.RaiseTimeout = 5 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.OnAdmit == nil {
		c.OnAdmit = func(Admission) {}
	}
	return nil
}
