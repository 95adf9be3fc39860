package autoscale

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

// Config configures a Controller.
type Config struct {
	Target Target
	Policy Policy
	// SyncPeriod is how often metrics are polled. Defaults to 15s.
	SyncPeriod time.Duration
}

// Option customises a Controller.
type Option func(*Controller)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(ctl *Controller) { ctl.clock = c } }

// WithLogger replaces the standard logger.
func WithLogger(l *log.Logger) Option { return func(ctl *Controller) { ctl.log = l } }

// WithObserver registers a callback invoked after every applied decision.
func WithObserver(fn func(Target, Decision)) Option {
	return func(ctl *Controller) { ctl.observe = fn }
}

// Controller autoscales one target. Polling and applying run on separate
// goroutines so a slow scale call never delays the next metrics read.
type Controller struct {
	target  Target
	period  time.Duration
	gov     *governor
	metrics MetricsSource
	cluster Cluster
	clock   Clock
	log     *log.Logger
	observe func(Target, Decision)
}

// New validates cfg and returns a Controller.
func New(cfg Config, m MetricsSource, c Cluster, opts ...Option) (*Controller, error) {
	if cfg.Target.Name == "" {
		return nil, errors.New("autoscale: target name is required")
	}
	p := cfg.Policy
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("autoscale: invalid policy for %s: %w", cfg.Target, err)
	}
	if cfg.SyncPeriod <= 0 {
		cfg.SyncPeriod = 15 * time.Second
	}
	ctl := &Controller{
		target:  cfg.Target,
		period:  cfg.SyncPeriod,
		gov:     &governor{p: p},
		metrics: m,
		cluster: c,
		clock:   realClock{},
		log:     log.Default(),
	}
	for _, o := range opts {
		o(ctl)
	}
	return ctl, nil
}

// Run polls and scales until ctx is cancelled or the target disappears.
// It returns ctx.Err() on cancellation and an error wrapping
// ErrTargetNotFound if the workload was deleted.
func (c *Controller) Run(ctx context.Context) error {
	decisions := make(chan Decision, 1)
	applied := make(chan struct{})
	go c.applyLoop(ctx, decisions, applied)
	defer func() {
		close(decisions)
		<-applied
	}()

	t := c.clock.NewTicker(c.period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C():
		}

		d, err := c.evaluate(ctx)
		if errors.Is(err, ErrTargetNotFound) {
			return fmt.Errorf("autoscale: stopping for %s: %w", c.target, err)
		}
		if err != nil {
			c.log.Printf("autoscale: %s: %v", c.target, err)
			continue
		}
		if d.Desired == d.Current {
			continue
		}
		select {
		case decisions <- d:
		case <-ctx.Done():
		}
	}
}

// evaluate reads the current scale and utilisation and decides what to do.
func (c *Controller) evaluate(ctx context.Context) (Decision, error) {
	current, err := c.cluster.Replicas(ctx, c.target)
	if err != nil {
		return Decision{}, fmt.Errorf("read scale: %w", err)
	}
	s, err := c.metrics.Sample(ctx, c.target)
	if err != nil {
		return Decision{}, fmt.Errorf("read metrics: %w", err)
	}
	now := c.clock.Now()
	want, reason := c.gov.desired(current, s, now)
	return Decision{Current: current, Desired: want, Reason: reason, At: now}, nil
}

// applyLoop writes decisions to the cluster in order until decisions is
// closed, then closes done.
func (c *Controller) applyLoop(ctx context.Context, decisions <-chan Decision, done chan<- struct{}) {
	defer close(done)
	for d := range decisions {
		if err := c.cluster.SetReplicas(ctx, c.target, d.Desired); err != nil {
			c.log.Printf("autoscale: %s: scale %d -> %d: %v", c.target, d.Current, d.Desired, err)
			continue
		}
		c.gov.record(d)
		c.log.Printf("autoscale: %s: scaled %d -> %d (%s)", c.target, d.Current, d.Desired, d.Reason)
		if c.observe != nil {
			c.observe(c.target, d)
		}
	}
}
