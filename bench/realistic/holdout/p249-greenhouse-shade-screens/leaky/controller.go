package shade

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by methods called after Close.
var ErrClosed = errors.New("shade: controller closed")

// Status is a point-in-time view of the controller.
type Status struct {
	Mode       Mode
	Schedule   string
	Positions  map[string]int
	Moves      int
	SensorErrs int
	MotorErrs  int
}

// Controller keeps the shade screens of a greenhouse in line with the
// active schedule.
type Controller struct {
	motor  Motor
	sensor LightSensor
	cfg    Config

	ctx    context.Context
	cancel context.CancelFunc

	mu        sync.Mutex
	mode      Mode
	sched     Schedule
	positions map[string]int
	status    Status
	quit      chan struct{}
	done      chan struct{}
	closed    bool
}

// New returns a controller in manual mode with the given schedule.
func New(motor Motor, sensor LightSensor, sched Schedule, opts ...Option) (*Controller, error) {
	if motor == nil || sensor == nil {
		return nil, errors.New("shade: motor and sensor are required")
	}
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	sched = sched.clone()
	if err := sched.Validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Controller{
		motor:     motor,
		sensor:    sensor,
		cfg:       cfg,
		ctx:       ctx,
		cancel:    cancel,
		sched:     sched,
		positions: make(map[string]int),
	}, nil
}

// SetMode switches between manual and automatic control.
func (c *Controller) SetMode(m Mode) error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	if m == c.mode {
		c.mu.Unlock()
		return nil
	}
	var wait chan struct{}
	switch m {
	case ModeAuto:
		c.startLoopLocked()
	case ModeManual:
		wait = c.stopLoopLocked()
	default:
		c.mu.Unlock()
		return fmt.Errorf("shade: unknown mode %v", m)
	}
	c.cfg.Logger.Printf("shade: mode %v -> %v", c.mode, m)
	c.mode = m
	c.mu.Unlock()
	if wait != nil {
		<-wait
	}
	return nil
}

// ApplySchedule replaces the active schedule. In automatic mode the new
// schedule takes effect immediately.
func (c *Controller) ApplySchedule(s Schedule) error {
	s = s.clone()
	if err := s.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	c.sched = s
	if c.mode == ModeAuto {
		c.startLoopLocked()
	}
	c.cfg.Logger.Printf("shade: schedule %q applied to %d zones", s.Name, len(s.Zones))
	return nil
}

// Status returns a copy of the current status.
func (c *Controller) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.status
	st.Mode = c.mode
	st.Schedule = c.sched.Name
	st.Positions = make(map[string]int, len(c.positions))
	for z, p := range c.positions {
		st.Positions[z] = p
	}
	return st
}

// Close stops automatic control and aborts pending motor commands.
func (c *Controller) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	wait := c.stopLoopLocked()
	c.mu.Unlock()
	c.cancel()
	if wait != nil {
		<-wait
	}
	return nil
}

func (c *Controller) startLoopLocked() {
	c.quit = make(chan struct{})
	c.done = make(chan struct{})
	go c.track(c.sched, c.quit, c.done)
}

func (c *Controller) stopLoopLocked() chan struct{} {
	if c.quit == nil {
		return nil
	}
	close(c.quit)
	done := c.done
	c.quit, c.done = nil, nil
	return done
}

func (c *Controller) track(sched Schedule, quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	ticker := time.NewTicker(c.cfg.Interval)
	defer ticker.Stop()
	c.step(sched)
	for {
		select { // leak: quit of a replaced loop is never closed
		case <-quit:
			return
		case <-ticker.C:
		}
		c.step(sched)
	}
}

func (c *Controller) step(sched Schedule) {
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.MoveTimeout)
	defer cancel()
	irr, err := c.sensor.Irradiance(ctx)
	if err != nil {
		c.mu.Lock()
		c.status.SensorErrs++
		c.mu.Unlock()
		c.cfg.Logger.Printf("shade: read sensor: %v", err)
		return
	}
	target := sched.Target(irr)
	for _, zone := range sched.Zones {
		c.mu.Lock()
		cur, known := c.positions[zone]
		c.mu.Unlock()
		if known && abs(cur-target) < c.cfg.Deadband && target != 0 && target != 100 {
			continue
		}
		if known && cur == target {
			continue
		}
		if err := c.motor.MoveTo(ctx, zone, target); err != nil {
			c.mu.Lock()
			c.status.MotorErrs++
			c.mu.Unlock()
			c.cfg.Logger.Printf("shade: move %s to %d%%: %v", zone, target, err)
			continue
		}
		c.mu.Lock()
		c.positions[zone] = target
		c.status.Moves++
		c.mu.Unlock()
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
