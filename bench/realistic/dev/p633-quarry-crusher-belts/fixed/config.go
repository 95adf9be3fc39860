package belts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// BeltSpec describes one conveyor in the crushing circuit.
type BeltSpec struct {
	ID          string
	CapacityTPH float64       // rated throughput in tonnes per hour
	Downstream  string        // belt this one discharges onto; empty when it feeds the stockpile
	StartDelay  time.Duration // time to reach full speed before the next belt upstream may start
}

// Config holds plant-level settings for a Controller.
type Config struct {
	Belts []BeltSpec

	// OverloadFactor trips a belt when its load exceeds CapacityTPH*OverloadFactor
	// for OverloadSamples consecutive samples.
	OverloadFactor  float64
	OverloadSamples int

	// MinSpeedMPS is the belt speed below which a running belt is considered
	// to be slipping or jammed; StallSamples consecutive slow samples trip it.
	MinSpeedMPS  float64
	StallSamples int

	// MaxReadErrors is the number of consecutive scale errors tolerated
	// before monitoring gives up.
	MaxReadErrors int
}

func (c *Config) setDefaults() {
	if c.OverloadFactor == 0 {
		c.OverloadFactor = 1.1
	}
	if c.OverloadSamples == 0 {
		c.OverloadSamples = 3
	}
	if c.MinSpeedMPS == 0 {
		c.MinSpeedMPS = 0.5
	}
	if c.StallSamples == 0 {
		c.StallSamples = 4
	}
	if c.MaxReadErrors == 0 {
		c.MaxReadErrors = 5
	}
}

func (c Config) validate() error {
	if len(c.Belts) == 0 {
		return errors.New("belts: no belts configured")
	}
	byID := make(map[string]BeltSpec, len(c.Belts))
	for _, b := range c.Belts {
		if b.ID == "" {
			return errors.New("belts: belt with empty id")
		}
		if _, dup := byID[b.ID]; dup {
			return fmt.Errorf("belts: duplicate belt %q", b.ID)
		}
		if b.CapacityTPH <= 0 {
			return fmt.Errorf("belts: belt %q: capacity must be positive", b.ID)
		}
		byID[b.ID] = b
	}
	for _, b := range c.Belts {
		seen := map[string]bool{b.ID: true}
		for next := b.Downstream; next != ""; next = byID[next].Downstream {
			if _, ok := byID[next]; !ok {
				return fmt.Errorf("belts: belt %q discharges onto unknown belt %q", b.ID, next)
			}
			if seen[next] {
				return fmt.Errorf("belts: discharge loop through %q", next)
			}
			seen[next] = true
		}
	}
	if c.OverloadFactor < 1 {
		return fmt.Errorf("belts: overload factor %.2f below 1", c.OverloadFactor)
	}
	return nil
}

// Option customises a Controller.
type Option func(*Controller)

// WithLogger sets the logger used for trips and line sequencing.
func WithLogger(l Logger) Option {
	return func(c *Controller) { c.log = l }
}

// WithSleep replaces the function used to wait between belt starts.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Controller) { c.sleep = sleep }
}

func discardLogger() Logger { return log.New(io.Discard, "", 0) }
