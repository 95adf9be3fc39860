// Package rollout stages firmware updates across device cohorts, soaking
// each cohort and checking fleet health before moving on to the next.
package rollout

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Option configures a Controller.
type Option func(*Controller)

// WithConcurrency sets how many devices are pushed to in parallel.
func WithConcurrency(n int) Option {
	return func(c *Controller) {
		if n > 0 {
			c.concurrency = n
		}
	}
}

// WithSoakTime sets how long a cohort soaks before its health gate.
func WithSoakTime(d time.Duration) Option {
	return func(c *Controller) { c.soak = d }
}

// WithClock replaces the wall clock used for soak periods.
func WithClock(clk Clock) Option {
	return func(c *Controller) { c.clock = clk }
}

// WithEventHook installs a hook that observes rollout progress.
func WithEventHook(h EventHook) Option {
	return func(c *Controller) { c.hook = h }
}

// CohortResult records the outcome of staging one cohort.
type CohortResult struct {
	Cohort       string
	Pushed       int
	PushFailures int
	Health       Health
}

// Report is the final outcome of a rollout.
type Report struct {
	Plan    string
	State   State
	Cohorts []CohortResult
	Err     error
}

// Controller drives a single firmware rollout. Operators may Pause, Resume or
// Abort it concurrently while it runs.
type Controller struct {
	fleet       Fleet
	health      HealthSource
	clock       Clock
	hook        EventHook
	concurrency int
	soak        time.Duration
	minHealthy  float64

	gate *gate
	once sync.Once
	done chan struct{}

	mu     sync.Mutex
	report Report
	cancel context.CancelFunc
}

// New returns a Controller that pushes through fleet and gates on health.
func New(fleet Fleet, health HealthSource, opts ...Option) *Controller {
	c := &Controller{
		fleet:       fleet,
		health:      health,
		clock:       realClock{},
		concurrency: 8,
		soak:        15 * time.Minute,
		minHealthy:  0.98,
		gate:        newGate(),
		done:        make(chan struct{}),
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// Start validates plan and begins the rollout in the background.
func (c *Controller) Start(ctx context.Context, plan Plan) error {
	if plan.ID == "" || plan.Image.Version == "" || len(plan.Cohorts) == 0 {
		return fmt.Errorf("%w: plan needs an id, an image version and at least one cohort", ErrInvalidPlan)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.report.State != StateIdle {
		return fmt.Errorf("plan %q: %w", c.report.Plan, ErrAlreadyStarted)
	}
	ctx, cancel := context.WithCancel(ctx)
	c.cancel = cancel
	c.report = Report{Plan: plan.ID, State: StateRunning}
	go c.run(ctx, plan)
	return nil
}

// Pause holds the rollout at the next cohort boundary.
func (c *Controller) Pause() { c.gate.pause() }

// Resume releases a paused rollout.
func (c *Controller) Resume() { c.gate.resume() }

// Abort stops the rollout: in-flight pushes are cancelled and no further
// cohorts are started. It does not wait for in-flight work to drain.
func (c *Controller) Abort(reason string) {
	err := fmt.Errorf("%w: %s", ErrAborted, reason)
	c.gate.close(err)
	c.mu.Lock()
	cancel := c.cancel
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	c.finish(StateAborted, err)
}

// Wait blocks until the rollout finishes or ctx is done.
func (c *Controller) Wait(ctx context.Context) (Report, error) {
	select {
	case <-c.done:
		return c.Status(), nil
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
}

// Status returns a snapshot of the rollout.
func (c *Controller) Status() Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.report
	r.Cohorts = append([]CohortResult(nil), c.report.Cohorts...)
	return r
}

func (c *Controller) finish(state State, err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.report.State = state
		c.report.Err = err
		if c.cancel != nil {
			c.cancel()
		}
		c.mu.Unlock()
		close(c.done)
	})
}

func (c *Controller) emit(ev Event) {
	if c.hook != nil {
		c.hook(ev)
	}
}

func (c *Controller) run(ctx context.Context, plan Plan) {
	for _, cohort := range plan.Cohorts {
		name := cohort.Name
		held := func() { c.emit(Event{Kind: EventHeld, Plan: plan.ID, Cohort: name}) }
		if err := c.gate.pass(held); err != nil {
			c.finish(StateAborted, err)
			return
		}
		c.emit(Event{Kind: EventCohortStarted, Plan: plan.ID, Cohort: name})
		res, err := c.stage(ctx, plan.Image, cohort)
		c.mu.Lock()
		c.report.Cohorts = append(c.report.Cohorts, res)
		c.mu.Unlock()
		if err != nil {
			c.finish(StateHalted, fmt.Errorf("cohort %q: %w", name, err))
			return
		}
		c.emit(Event{Kind: EventCohortPassed, Plan: plan.ID, Cohort: name})
	}
	c.finish(StateCompleted, nil)
}

// stage pushes img to every device in the cohort, soaks, and evaluates the
// cohort's health gate.
func (c *Controller) stage(ctx context.Context, img Image, cohort Cohort) (CohortResult, error) {
	res := CohortResult{Cohort: cohort.Name}
	sem := make(chan struct{}, c.concurrency)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		failures int
	)
	for _, id := range cohort.Devices {
		sem <- struct{}{}
		wg.Add(1)
		go func(id string) {
			defer func() { <-sem; wg.Done() }()
			if err := c.fleet.Push(ctx, id, img); err != nil {
				mu.Lock()
				failures++
				mu.Unlock()
			}
		}(id)
	}
	wg.Wait()
	res.Pushed, res.PushFailures = len(cohort.Devices)-failures, failures
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if failures > cohort.MaxPushFailures {
		return res, fmt.Errorf("%w: %d of %d devices", ErrTooManyFailures, failures, len(cohort.Devices))
	}

	select {
	case <-c.clock.After(c.soak):
	case <-ctx.Done():
		return res, ctx.Err()
	}

	h, err := c.health.CohortHealth(ctx, cohort.Name, img.Version)
	if res.Health = h; err != nil {
		return res, fmt.Errorf("query health: %w", err)
	}
	if h.Ratio() < c.minHealthy {
		return res, fmt.Errorf("%w: %d/%d healthy, need %.2f", ErrHealthGate, h.Healthy, h.Reporting, c.minHealthy)
	}
	return res, nil
}
