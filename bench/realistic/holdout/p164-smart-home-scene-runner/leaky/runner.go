// Package scenes runs smart-home scenes: ordered lists of device actions,
// each optionally delayed and guarded by a condition on some device's state.
// A running scene can be paused, resumed and stopped, and starting a scene
// that is already running restarts it.
package scenes

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Action is a command sent to one device.
type Action struct {
	Device  string
	Command string
	Params  map[string]string
}

// Condition holds when the device attribute currently has the given value.
type Condition struct {
	Device    string
	Attribute string
	Equals    string
}

// Step is one action of a scene.
type Step struct {
	Name   string
	Delay  time.Duration // waited before the step runs
	When   *Condition    // the step is skipped unless the condition holds
	Action Action
	// Optional steps do not abort the scene when their action fails.
	Optional bool
}

// Scene is a named sequence of steps.
type Scene struct {
	ID    string
	Steps []Step
}

// Devices is the home automation hub the runner talks to.
type Devices interface {
	Execute(ctx context.Context, a Action) error
	Attribute(ctx context.Context, device, attribute string) (string, error)
}

// Clock abstracts waiting so tests need not sleep.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Errors returned by the runner.
var (
	ErrStopped     = errors.New("scene stopped")
	ErrEmptyScene  = errors.New("scene has no steps")
	ErrRunnerClose = errors.New("runner closed")
)

// Option configures a Runner.
type Option func(*Runner)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(r *Runner) { r.clock = c } }

// WithRetries sets how many times a failed action is retried, waiting
// backoff, 2*backoff, ... between attempts.
func WithRetries(n int, backoff time.Duration) Option {
	return func(r *Runner) { r.retries, r.backoff = n, backoff }
}

// WithActionTimeout bounds each call to Devices.Execute.
func WithActionTimeout(d time.Duration) Option {
	return func(r *Runner) { r.actionTimeout = d }
}

// Runner starts scene executions. It is safe for concurrent use.
type Runner struct {
	devices       Devices
	clock         Clock
	retries       int
	backoff       time.Duration
	actionTimeout time.Duration

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	running map[string]*Execution
}

// NewRunner returns a Runner that drives devices.
func NewRunner(devices Devices, opts ...Option) *Runner {
	r := &Runner{
		devices:       devices,
		clock:         realClock{},
		retries:       2,
		backoff:       500 * time.Millisecond,
		actionTimeout: 10 * time.Second,
		running:       make(map[string]*Execution),
	}
	for _, o := range opts {
		o(r)
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	return r
}

// Start runs sc in the background. If a scene with the same ID is running it
// is stopped first.
func (r *Runner) Start(sc Scene) (*Execution, error) {
	if len(sc.Steps) == 0 {
		return nil, fmt.Errorf("start %q: %w", sc.ID, ErrEmptyScene)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, fmt.Errorf("start %q: %w", sc.ID, ErrRunnerClose)
	}
	if prev := r.running[sc.ID]; prev != nil {
		prev.Stop()
	}
	e := newExecution(r, sc)
	r.running[sc.ID] = e
	go e.run()
	return e, nil
}

// Close stops all running scenes. Scenes cannot be started afterwards.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	running := make([]*Execution, 0, len(r.running))
	for _, e := range r.running {
		running = append(running, e)
	}
	r.mu.Unlock()
	for _, e := range running {
		e.Stop()
	}
	r.cancel()
}

// finished forgets e unless it has already been replaced by a restart.
func (r *Runner) finished(e *Execution) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[e.scene.ID] == e {
		delete(r.running, e.scene.ID)
	}
}
