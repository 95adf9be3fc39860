package crane

import (
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Config describes one berth and the ship-to-shore cranes assigned to it.
type Config struct {
	// Berth is the quay section the cranes work, e.g. "NQ-04".
	Berth string
	// Cranes lists the crane identifiers, e.g. "STS-11".
	Cranes []string
	// MaxQueue bounds the number of moves waiting for a crane.
	MaxQueue int
	// MoveTimeout bounds a single lift cycle.
	MoveTimeout time.Duration
	// MaxWeight is the rated safe working load under spreader, in tonnes.
	MaxWeight float64
	// Logger receives operational messages. Nil discards them.
	Logger *log.Logger
}

// Option adjusts a Config.
type Option func(*Config)

// WithMaxQueue sets how many moves may wait for a free crane.
func WithMaxQueue(n int) Option {
	return func(c *Config) { c.MaxQueue = n }
}

// WithMoveTimeout sets the upper bound for one lift cycle.
func WithMoveTimeout(d time.Duration) Option {
	return func(c *Config) { c.MoveTimeout = d }
}

// WithMaxWeight sets the rated load of the cranes, in tonnes.
func WithMaxWeight(t float64) Option {
	return func(c *Config) { c.MaxWeight = t }
}

// WithLogger routes operational messages to l.
func WithLogger(l *log.Logger) Option {
	return func(c *Config) { c.Logger = l }
}

func defaultConfig(berth string, cranes []string) Config {
	return Config{
		Berth:       berth,
		Cranes:      append([]string(nil), cranes...),
		MaxQueue:    256,
		MoveTimeout: 90 * time.Second,
		MaxWeight:   65,
	}
}

func (c *Config) validate() error {
	if c.Berth == "" {
		return errors.New("crane: berth name is required")
	}
	if len(c.Cranes) == 0 {
		return fmt.Errorf("crane: berth %s has no cranes", c.Berth)
	}
	seen := make(map[string]bool, len(c.Cranes))
	for _, id := range c.Cranes {
		if id == "" {
			return fmt.Errorf("crane: berth %s: empty crane id", c.Berth)
		}
		if seen[id] {
			return fmt.Errorf("crane: berth %s: crane %s listed twice", c.Berth, id)
		}
		seen[id] = true
	}
	if c.MaxQueue <= 0 {
		return fmt.Errorf("crane: max queue must be positive, got %d", c.MaxQueue)
	}
	if c.MoveTimeout <= 0 {
		return fmt.Errorf("crane: move timeout must be positive, got %s", c.MoveTimeout)
	}
	if c.MaxWeight <= 0 {
		return fmt.Errorf("crane: max weight must be positive, got %.1f", c.MaxWeight)
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
	return nil
}
