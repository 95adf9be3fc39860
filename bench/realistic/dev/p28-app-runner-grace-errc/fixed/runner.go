// Package lifecycle runs a service's long-lived components (servers, consumers,
// periodic jobs) together, and stops them together when one fails or the
// process is asked to stop.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Component is one long-lived part of the service. Run should return soon after
// ctx ends.
type Component interface {
	Name() string
	Run(ctx context.Context) error
}

// ErrShutdownTimeout is returned when components outlive the grace period and
// none of them failed.
var ErrShutdownTimeout = errors.New("lifecycle: components still running after grace period")

// Runner owns a set of components.
type Runner struct {
	components []Component
	grace      time.Duration
	logf       func(string, ...any)
}

// NewRunner returns a runner that waits up to grace for components to stop.
func NewRunner(grace time.Duration, logf func(string, ...any)) *Runner {
	if logf == nil {
		logf = func(string, ...any) {}
	}
	return &Runner{grace: grace, logf: logf}
}

// Add registers a component; call before Run.
func (r *Runner) Add(c Component) { r.components = append(r.components, c) }

// Run starts every component and blocks until ctx ends or one of them returns.
// It then cancels the others and waits up to the grace period for them. It
// returns the first component error, if any.
func (r *Runner) Run(ctx context.Context) error {
	if len(r.components) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	errc := make(chan error, len(r.components))
	for _, c := range r.components {
		go func(c Component) {
			err := c.Run(ctx)
			if errors.Is(err, context.Canceled) {
				err = nil // stopped because we asked it to
			}
			if err != nil {
				err = fmt.Errorf("%s: %w", c.Name(), err)
			}
			errc <- err
		}(c)
	}

	running := len(r.components)
	var first error
	select {
	case <-ctx.Done():
	case first = <-errc:
		running--
	}
	cancel()

	grace := time.NewTimer(r.grace)
	defer grace.Stop()
	for running > 0 {
		select {
		case err := <-errc:
			running--
			if err != nil {
				r.logf("lifecycle: while stopping: %v", err)
			}
		case <-grace.C:
			r.logf("lifecycle: %d components did not stop within %s", running, r.grace)
			if first == nil {
				first = ErrShutdownTimeout
			}
			return first
		}
	}
	return first
}
