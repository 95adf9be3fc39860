// Package kiln drives an electric pottery kiln: it samples the
// thermocouple, modulates the heating elements and runs firing schedules.
package kiln

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"sync"
	"time"
)

// Thermocouple reads the chamber temperature.
type Thermocouple interface {
	ReadCelsius(ctx context.Context) (float64, error)
}

// Elements switches the heating elements. Duty is in [0, 1].
type Elements interface {
	SetDuty(ctx context.Context, duty float64) error
}

var (
	// ErrClosed is returned once the controller has been shut down.
	ErrClosed = errors.New("kiln: controller closed")
	// ErrSensorFault is wrapped when the thermocouple stops answering.
	ErrSensorFault = errors.New("kiln: thermocouple fault")
)

// Controller owns the sampling loop and the current setpoint.
type Controller struct {
	tc     Thermocouple
	el     Elements
	cfg    config
	logger *log.Logger

	mu       sync.Mutex
	cond     *sync.Cond
	temp     float64
	setpoint float64
	duty     float64
	fault    error
	closed   bool
	firing   bool

	cancel      context.CancelFunc
	samplerDone chan struct{}
}

// New starts a controller. The sampling loop runs until Close.
func New(tc Thermocouple, el Elements, opts ...Option) (*Controller, error) {
	if tc == nil || el == nil {
		return nil, errors.New("kiln: thermocouple and elements are required")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	c := &Controller{
		tc:          tc,
		el:          el,
		cfg:         cfg,
		logger:      cfg.logger,
		samplerDone: make(chan struct{}),
	}
	c.cond = sync.NewCond(&c.mu)

	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	t, err := tc.ReadCelsius(ctx)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("%w: initial read: %v", ErrSensorFault, err)
	}
	c.temp = t
	c.setpoint = t

	go c.sample(ctx)
	return c, nil
}

// Temperature returns the last sampled chamber temperature.
func (c *Controller) Temperature() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.temp
}

func (c *Controller) sample(ctx context.Context) {
	defer close(c.samplerDone)
	ticker := time.NewTicker(c.cfg.sampleEvery)
	defer ticker.Stop()

	failures := 0
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}

		t, err := c.tc.ReadCelsius(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			c.logger.Printf("kiln: thermocouple read failed (%d/%d): %v", failures, c.cfg.maxReadFailures, err)
			if failures < c.cfg.maxReadFailures {
				continue
			}
			c.mu.Lock()
			c.fault = fmt.Errorf("%w: %v", ErrSensorFault, err)
			c.duty = 0
			c.mu.Unlock()
			c.cond.Broadcast()
			if err := c.el.SetDuty(ctx, 0); err != nil {
				c.logger.Printf("kiln: cutting elements after fault: %v", err)
			}
			return
		}
		failures = 0

		c.mu.Lock()
		c.temp = t
		duty := c.dutyFor(t)
		changed := math.Abs(duty-c.duty) > 0.005
		c.duty = duty
		c.mu.Unlock()
		c.cond.Broadcast()

		if changed {
			if err := c.el.SetDuty(ctx, duty); err != nil && ctx.Err() == nil {
				c.logger.Printf("kiln: set duty %.2f: %v", duty, err)
			}
		}
	}
}

// dutyFor is a proportional band controller. Called with mu held.
func (c *Controller) dutyFor(t float64) float64 {
	if !c.firing {
		return 0
	}
	d := (c.setpoint - t) / c.cfg.proportionalBand
	return math.Max(0, math.Min(1, d))
}

// Close stops sampling, switches the elements off and releases waiters.
func (c *Controller) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.firing = false
	c.mu.Unlock()

	c.cancel()
	<-c.samplerDone
	c.cond.Broadcast()

	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.shutdownTimeout)
	defer cancel()
	if err := c.el.SetDuty(ctx, 0); err != nil {
		return fmt.Errorf("kiln: elements off: %w", err)
	}
	return nil
}
