// Package elevator dispatches hall calls to the cars of an elevator bank and
// streams car state to the lobby and hall displays.
//
// Each car is served by its own goroutine that works through the car's stop
// queue and drives the hardware through the Drive interface. Cars can be
// taken out of service for inspection and returned later; while out of
// service they receive no new calls.
package elevator

import (
	"context"
	"errors"
	"fmt"
)

// Direction is the travel direction of a car or of a hall call.
type Direction int

// Travel directions.
const (
	Idle Direction = iota
	Up
	Down
)

// Call is a request for a car to stop at a floor, either from a hall button
// (with a direction) or from a destination panel (Idle).
type Call struct {
	Floor     int
	Direction Direction
}

// CarState is what the displays show for a car.
type CarState struct {
	Car       string
	Floor     int
	Direction Direction
	DoorsOpen bool
	InService bool
	Pending   int
}

// Drive is the interface to a car's motion and door controller.
type Drive interface {
	// MoveTo moves car to floor and returns once it is level at the floor.
	MoveTo(ctx context.Context, car string, floor int) error
	// CycleDoors opens the doors, waits for the dwell time and closes them.
	CycleDoors(ctx context.Context, car string) error
}

// Errors returned by the Controller.
var (
	ErrClosed          = errors.New("elevator: controller closed")
	ErrUnknownCar      = errors.New("elevator: unknown car")
	ErrNoCarAvailable  = errors.New("elevator: no car available")
	ErrFloorOutOfRange = errors.New("elevator: floor out of range")
)

// Config describes an elevator bank.
type Config struct {
	// Cars lists the car identifiers, e.g. "A", "B".
	Cars []string
	// LowestFloor and HighestFloor bound the floors served by the bank.
	LowestFloor  int
	HighestFloor int
	// Drive controls the hardware. Required.
	Drive Drive
	// QueueDepth is the number of stops a car may have pending. Defaults to 16.
	QueueDepth int
	// Logf receives diagnostics. Defaults to discarding them.
	Logf func(format string, args ...interface{})
}

func (c *Config) validate() error {
	if len(c.Cars) == 0 {
		return errors.New("elevator: config has no cars")
	}
	if c.Drive == nil {
		return errors.New("elevator: config has no drive")
	}
	if c.HighestFloor < c.LowestFloor {
		return fmt.Errorf("elevator: highest floor %d below lowest floor %d", c.HighestFloor, c.LowestFloor)
	}
	if c.QueueDepth <= 0 {
		c.QueueDepth = 16
	}
	if c.Logf == nil {
		c.Logf = func(string, ...interface{}) {}
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
