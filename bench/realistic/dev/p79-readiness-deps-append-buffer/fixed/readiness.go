package readiness

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Dependency is something the service needs before it can take traffic.
type Dependency interface {
	Name() string
	Ping(ctx context.Context) error
}

// DepFunc adapts a function to Dependency.
type DepFunc struct {
	ID string
	Fn func(ctx context.Context) error
}

func (d DepFunc) Name() string                   { return d.ID }
func (d DepFunc) Ping(ctx context.Context) error { return d.Fn(ctx) }

// Option configures a Checker.
type Option func(*Checker)

// WithTimeout bounds one readiness evaluation.
func WithTimeout(d time.Duration) Option { return func(c *Checker) { c.timeout = d } }

// WithDependency adds an optional dependency.
func WithDependency(d Dependency) Option { return func(c *Checker) { c.deps = append(c.deps, d) } }

// WithDatabase sets the primary database, which every instance needs.
func WithDatabase(d Dependency) Option { return func(c *Checker) { c.db = d } }

// Checker answers /readyz by pinging every dependency concurrently.
type Checker struct {
	timeout time.Duration
	deps    []Dependency
	db      Dependency
}

// New returns a Checker.
func New(opts ...Option) *Checker {
	c := &Checker{timeout: time.Second}
	for _, o := range opts {
		o(c)
	}
	return c
}

type result struct {
	name string
	err  error
}

// ErrNotReady wraps the reason a readiness evaluation failed.
var ErrNotReady = errors.New("not ready")

// Ready reports nil when every dependency answered within the timeout.
func (c *Checker) Ready(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	deps := c.deps
	if c.db != nil {
		deps = append(deps[:len(deps):len(deps)], c.db)
	}
	results := make(chan result, len(deps))
	for _, d := range deps {
		go func(d Dependency) {
			err := d.Ping(ctx)
			results <- result{name: d.Name(), err: err}
		}(d)
	}

	for range deps {
		select {
		case r := <-results:
			if r.err != nil {
				return fmt.Errorf("%w: %s: %v", ErrNotReady, r.name, r.err)
			}
		case <-ctx.Done():
			return fmt.Errorf("%w: %v", ErrNotReady, ctx.Err())
		}
	}
	return nil
}

// ServeHTTP implements /readyz.
func (c *Checker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := c.Ready(r.Context()); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte("ok\n"))
}
