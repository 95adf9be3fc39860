package pollinator

import (
	"fmt"
	"io"
	"log"
	"time"
)

type config struct {
	classifyTimeout time.Duration
	cooldown        time.Duration
	minScore        float64
	now             func() time.Time
	logger          *log.Logger
}

// Option configures a Journal.
type Option func(*config) error

// WithClassifyTimeout bounds how long Record waits for the species model.
// Visits whose snapshot is not classified in time are logged as unidentified.
func WithClassifyTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("pollinator: classify timeout must be positive, got %s", d)
		}
		c.classifyTimeout = d
		return nil
	}
}

// WithCooldown sets the window in which repeated triggers from the same
// camera are counted as one visit.
func WithCooldown(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("pollinator: negative cooldown %s", d)
		}
		c.cooldown = d
		return nil
	}
}

// WithMinScore sets the classifier score below which a label is discarded.
func WithMinScore(s float64) Option {
	return func(c *config) error {
		if s < 0 || s > 1 {
			return fmt.Errorf("pollinator: min score %.2f out of range", s)
		}
		c.minScore = s
		return nil
	}
}

// WithClock replaces time.Now, for replaying recorded footage.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		c.now = now
		return nil
	}
}

// WithLogger sets the logger for operational messages.
func WithLogger(l *log.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

func newConfig(opts []Option) (config, error) {
	c := config{
		classifyTimeout: 2 * time.Second,
		cooldown:        20 * time.Second,
		minScore:        0.55,
		now:             time.Now,
		logger:          log.New(io.Discard, "", 0),
	}
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return config{}, err
		}
	}
	return c, nil
}
