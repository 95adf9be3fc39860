// Package breaker protects calls to a remote dependency with a circuit
// breaker and a bulkhead. After a run of failures the breaker opens and
// rejects calls outright; once a cool-down has elapsed it lets a few probe
// calls through and closes again if they succeed.
package breaker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrShutdown is returned by Do once Shutdown has been called.
var ErrShutdown = errors.New("breaker: shut down")

// Option configures a Guard.
type Option func(*Guard)

// WithThresholds sets how many consecutive failures open the breaker and
// how many consecutive probe successes close it again.
func WithThresholds(failures, successes int) Option {
	return func(g *Guard) { g.circuit.failureThreshold, g.circuit.successThreshold = failures, successes }
}

// WithCoolDown sets how long the breaker stays open before probing.
func WithCoolDown(d time.Duration) Option { return func(g *Guard) { g.circuit.coolDown = d } }

// WithProbes sets how many probe calls may run concurrently when half-open.
func WithProbes(n int) Option { return func(g *Guard) { g.circuit.maxProbes = n } }

// WithBulkhead limits concurrent calls; excess callers wait up to maxWait.
func WithBulkhead(maxConcurrent int, maxWait time.Duration) Option {
	return func(g *Guard) { g.bulkhead = newBulkhead(maxConcurrent, maxWait) }
}

// WithCallTimeout bounds every call made through the Guard.
func WithCallTimeout(d time.Duration) Option { return func(g *Guard) { g.callTimeout = d } }

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(g *Guard) { g.circuit.clock = c } }

// WithFailurePredicate decides which errors count against the remote. By
// default every error except context.Canceled does.
func WithFailurePredicate(fn func(error) bool) Option { return func(g *Guard) { g.isFailure = fn } }

// WithStateListener is called, under the breaker's lock, on every transition.
func WithStateListener(fn func(name string, from, to State)) Option {
	return func(g *Guard) { g.listener = fn }
}

// Guard wraps calls to one named remote dependency.
type Guard struct {
	name        string
	circuit     *circuit
	bulkhead    *bulkhead
	callTimeout time.Duration
	isFailure   func(error) bool
	listener    func(name string, from, to State)

	mu       sync.Mutex
	closing  bool
	inflight sync.WaitGroup
}

// New returns a Guard for the dependency called name.
func New(name string, opts ...Option) (*Guard, error) {
	g := &Guard{
		name: name,
		circuit: &circuit{
			clock:            systemClock{},
			failureThreshold: 5,
			successThreshold: 1,
			maxProbes:        1,
			coolDown:         30 * time.Second,
		},
		bulkhead:  newBulkhead(0, 0),
		isFailure: func(err error) bool { return !errors.Is(err, context.Canceled) },
	}
	for _, o := range opts {
		o(g)
	}
	c := g.circuit
	if c.failureThreshold < 1 || c.successThreshold < 1 || c.maxProbes < 1 {
		return nil, fmt.Errorf("breaker %s: thresholds and probes must be positive", name)
	}
	if l := g.listener; l != nil {
		c.onChange = func(from, to State) { l(name, from, to) }
	}
	return g, nil
}

// State reports the breaker's current state.
func (g *Guard) State() State { return g.circuit.current() }

// enter registers a call with the shutdown tracking.
func (g *Guard) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closing {
		return ErrShutdown
	}
	g.inflight.Add(1)
	return nil
}

// Do runs fn if the bulkhead and the breaker admit it, and records the
// outcome. Rejections wrap ErrBulkheadFull, ErrOpen or ErrTooManyProbes.
func (g *Guard) Do(ctx context.Context, fn func(context.Context) error) error {
	if err := g.enter(); err != nil {
		return err
	}
	if err := g.bulkhead.acquire(ctx); err != nil {
		g.inflight.Done()
		return fmt.Errorf("breaker %s: %w", g.name, err)
	}
	generation, err := g.circuit.allow()
	if err != nil {
		g.bulkhead.release()
		g.inflight.Done()
		return fmt.Errorf("breaker %s: %w", g.name, err)
	}
	defer func() {
		g.bulkhead.release()
		g.inflight.Done()
	}()

	if g.callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.callTimeout)
		defer cancel()
	}
	callErr := fn(ctx)
	g.circuit.record(generation, callErr != nil && g.isFailure(callErr))
	return callErr
}

// Shutdown stops admitting calls and waits until the calls in flight have
// finished or ctx is done.
func (g *Guard) Shutdown(ctx context.Context) error {
	g.mu.Lock()
	g.closing = true
	g.mu.Unlock()

	drained := make(chan struct{})
	go func() {
		g.inflight.Wait()
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("breaker %s: waiting for calls in flight: %w", g.name, ctx.Err())
	}
}
