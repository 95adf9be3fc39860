// Package migrate applies database schema migrations. Steps in a batch do not
// depend on each other, so they may run in parallel up to a configurable limit.
package migrate

import (
	"context"
	"fmt"
	"time"
)

// Step is one migration.
type Step struct {
	// ID names the step in logs and in the schema history table.
	ID string
	// Up applies the step. It should stop early when ctx is cancelled.
	Up func(ctx context.Context) error
}

// Applied records a step that completed.
type Applied struct {
	ID   string
	Took time.Duration
}

// StepError reports which step failed.
type StepError struct {
	ID  string
	Err error
}

func (e *StepError) Error() string { return fmt.Sprintf("migrate: step %s: %v", e.ID, e.Err) }

// Unwrap returns the step's own error.
func (e *StepError) Unwrap() error { return e.Err }

type config struct {
	limit       int
	stepTimeout time.Duration
	onApplied   func(Applied)
}

// Option configures Apply.
type Option func(*config)

// WithConcurrency sets how many steps may run at once.
func WithConcurrency(n int) Option {
	return func(c *config) { c.limit = n }
}

// WithStepTimeout bounds how long a single step may take.
func WithStepTimeout(d time.Duration) Option {
	return func(c *config) { c.stepTimeout = d }
}

// OnApplied registers a callback run after each successful step, for example
// to write the schema history table. It may be called concurrently.
func OnApplied(fn func(Applied)) Option {
	return func(c *config) { c.onApplied = fn }
}

// validate rejects batches that cannot be applied.
func validate(steps []Step) error {
	seen := make(map[string]bool, len(steps))
	for i, s := range steps {
		if s.ID == "" {
			return fmt.Errorf("migrate: step %d has no ID", i)
		}
		if seen[s.ID] {
			return fmt.Errorf("migrate: duplicate step %s", s.ID)
		}
		if s.Up == nil {
			return fmt.Errorf("migrate: step %s has no Up function", s.ID)
		}
		seen[s.ID] = true
	}
	return nil
}

// runStep applies one step under its own deadline.
func runStep(ctx context.Context, s Step, timeout time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	return s.Up(ctx)
}
