// Package ovens dispatches bake batches to the ovens of a production bakery.
// Each oven has a lane with a short queue in front of it; batches go to the
// least loaded oven whose temperature range and deck count fit.
package ovens

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// OvenSpec is the configured capability of one oven.
type OvenSpec struct {
	Kind       string
	MinTempC   int
	MaxTempC   int
	Decks      int
	QueueDepth int
	Grace      time.Duration
}

func (s OvenSpec) fits(b Batch) bool {
	return b.TempC >= s.MinTempC && b.TempC <= s.MaxTempC && b.Trays <= s.Decks
}

// Config is the oven line-up of the bakery, keyed by oven name.
type Config struct {
	Ovens map[string]OvenSpec
}

// Validate checks the line-up and fills in defaults.
func (c *Config) Validate() error {
	if len(c.Ovens) == 0 {
		return errors.New("ovens: no ovens configured")
	}
	for _, name := range c.names() {
		s := c.Ovens[name]
		if s.MinTempC <= 0 || s.MaxTempC < s.MinTempC {
			return fmt.Errorf("ovens: %s: temperature range %d..%d", name, s.MinTempC, s.MaxTempC)
		}
		if s.Decks <= 0 {
			return fmt.Errorf("ovens: %s: %d decks", name, s.Decks)
		}
		if s.QueueDepth <= 0 {
			s.QueueDepth = 4
		}
		if s.Grace <= 0 {
			s.Grace = 2 * time.Minute
		}
		c.Ovens[name] = s
	}
	return nil
}

func (c *Config) names() []string {
	names := make([]string, 0, len(c.Ovens))
	for n := range c.Ovens {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (c Config) clone() Config {
	out := Config{Ovens: make(map[string]OvenSpec, len(c.Ovens))}
	for k, v := range c.Ovens {
		out.Ovens[k] = v
	}
	return out
}

// Source delivers oven line-up changes, e.g. from the production planner.
// Subscribe calls fn with every new configuration until stop is called.
type Source interface {
	Subscribe(fn func(Config)) (stop func())
}

// Batch is one load of trays to bake.
type Batch struct {
	ID      string
	Product string
	TempC   int
	Bake    time.Duration
	Trays   int
}

// Result reports a finished (or failed) batch.
type Result struct {
	Batch    Batch
	Oven     string
	Started  time.Time
	Finished time.Time
	Err      error
}

// Controller is the oven control system.
type Controller interface {
	Bake(ctx context.Context, oven string, b Batch) error
}

var (
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("ovens: dispatcher closed")
	// ErrNoOven means no configured oven can bake the batch.
	ErrNoOven = errors.New("ovens: no oven fits batch")
	// ErrBusy means every suitable oven already has a full queue.
	ErrBusy = errors.New("ovens: all suitable ovens busy")
)
