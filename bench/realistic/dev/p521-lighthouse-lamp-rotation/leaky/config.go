package rotation

import (
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Motor drives the lens carriage on its mercury bath or roller bearing.
type Motor interface {
	// Step turns the carriage clockwise by the given number of degrees.
	Step(degrees float64) error
	// Park brings the carriage to its home bearing and engages the brake.
	Park() error
}

// Lamp switches the light source inside the lens.
type Lamp interface {
	Switch(on bool) error
}

// Config describes one lighthouse station.
type Config struct {
	Station        string
	Characteristic string
	Panels         int
	// StepInterval is how often the carriage is advanced.
	StepInterval time.Duration
	// MaxStepFaults is the number of consecutive motor faults after which
	// the rotator stops and waits for a keeper to reset it.
	MaxStepFaults int
	// ShutdownTimeout bounds how long Close waits for the carriage loop.
	ShutdownTimeout time.Duration
}

var (
	ErrClosed          = errors.New("rotation: rotator closed")
	ErrShutdownTimeout = errors.New("rotation: carriage loop did not stop")
	ErrFaulted         = errors.New("rotation: rotator faulted")
)

func (c *Config) normalise() (Characteristic, error) {
	if c.Station == "" {
		return Characteristic{}, errors.New("rotation: station name required")
	}
	ch, err := ParseCharacteristic(c.Characteristic)
	if err != nil {
		return Characteristic{}, fmt.Errorf("rotation: %s: %w", c.Station, err)
	}
	if c.StepInterval <= 0 {
		c.StepInterval = 50 * time.Millisecond
	}
	if c.MaxStepFaults <= 0 {
		c.MaxStepFaults = 3
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 5 * time.Second
	}
	return ch, nil
}

// Option customises a Rotator.
type Option func(*Rotator)

// WithLogger sends operational messages to l.
func WithLogger(l *log.Logger) Option {
	return func(r *Rotator) {
		if l != nil {
			r.logger = l
		}
	}
}

// WithFaultHandler is called, outside any lock, whenever the rotator
// enters the fault state.
func WithFaultHandler(fn func(station string, err error)) Option {
	return func(r *Rotator) { r.onFault = fn }
}

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }
