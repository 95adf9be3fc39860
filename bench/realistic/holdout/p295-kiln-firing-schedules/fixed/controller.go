package kiln

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Thermocouple reads the kiln chamber temperature.
type Thermocouple interface {
	ReadC(ctx context.Context) (float64, error)
}

// Elements drives the heating element relays with a duty cycle in [0,1].
type Elements interface {
	SetDuty(ctx context.Context, duty float64) error
}

// Clock abstracts time for the firing program.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// Hardware is the I/O of one kiln.
type Hardware struct {
	Thermocouple Thermocouple
	Elements     Elements
}

// State of a kiln.
type State string

// Kiln states.
const (
	StateIdle     State = "idle"
	StateFiring   State = "firing"
	StateComplete State = "complete"
	StateAborted  State = "aborted"
	StateFaulted  State = "faulted"
)

// Status is a snapshot of a kiln.
type Status struct {
	State    State
	Schedule string
	Segment  int
	TempC    float64
	Setpoint float64
	Duty     float64
	Err      error
}

type kiln struct {
	id string
	hw Hardware

	mu           sync.Mutex
	state        State
	sched        Schedule
	started      time.Time
	segment      int
	tempC        float64
	setpoint     float64
	duty         float64
	sensorFaults int
	err          error

	cancel context.CancelFunc
	done   chan struct{}
}

// Controller runs firings on a set of kilns.
type Controller struct {
	tick            time.Duration
	gain            float64
	maxSensorFaults int
	clock           Clock
	logger          *log.Logger

	mu    sync.Mutex
	kilns map[string]*kiln
}

// Option configures a Controller.
type Option func(*Controller)

// WithTick sets the control period.
func WithTick(d time.Duration) Option { return func(c *Controller) { c.tick = d } }

// WithGain sets the proportional gain, in duty per °C of error.
func WithGain(g float64) Option { return func(c *Controller) { c.gain = g } }

// WithMaxSensorFaults sets how many consecutive failed readings fault the firing.
func WithMaxSensorFaults(n int) Option { return func(c *Controller) { c.maxSensorFaults = n } }

// WithClock replaces the wall clock.
func WithClock(clk Clock) Option { return func(c *Controller) { c.clock = clk } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.logger = l } }

// NewController returns a controller for the given kilns.
func NewController(kilns map[string]Hardware, opts ...Option) (*Controller, error) {
	c := &Controller{
		tick:            time.Second,
		gain:            0.02,
		maxSensorFaults: 5,
		clock:           realClock{},
		logger:          log.New(io.Discard, "", 0),
		kilns:           make(map[string]*kiln, len(kilns)),
	}
	for _, o := range opts {
		o(c)
	}
	for id, hw := range kilns {
		if hw.Thermocouple == nil || hw.Elements == nil {
			return nil, fmt.Errorf("kiln %s: incomplete hardware", id)
		}
		c.kilns[id] = &kiln{id: id, hw: hw, state: StateIdle}
	}
	return c, nil
}

// ErrBusy is returned when a kiln is already firing.
var ErrBusy = errors.New("kiln: already firing")

// StartFiring begins sched on kiln id. The firing runs until it completes,
// faults or is aborted.
func (c *Controller) StartFiring(ctx context.Context, id string, sched Schedule) error {
	if err := sched.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.kilns[id]
	if !ok {
		return fmt.Errorf("kiln: unknown kiln %q", id)
	}
	k.mu.Lock()
	if k.state == StateFiring {
		k.mu.Unlock()
		return fmt.Errorf("kiln %s: %w", id, ErrBusy)
	}
	fctx, cancel := context.WithCancel(ctx)
	k.state = StateFiring
	k.sched = sched
	k.started = c.clock.Now()
	k.segment = 0
	k.sensorFaults = 0
	k.err = nil
	k.cancel = cancel
	k.done = make(chan struct{})
	k.mu.Unlock()

	c.logger.Printf("kiln %s: starting %q (%s nominal)", id, sched.Name, sched.Duration())
	go c.fire(fctx, k)
	return nil
}

// Abort stops the firing on kiln id and switches the elements off.
func (c *Controller) Abort(id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.kilns[id]
	if !ok {
		return fmt.Errorf("kiln: unknown kiln %q", id)
	}
	if k.cancel == nil {
		return nil
	}
	k.cancel()
	return nil
}

// Status returns the current status of kiln id.
func (c *Controller) Status(id string) (Status, error) {
	c.mu.Lock()
	k, ok := c.kilns[id]
	c.mu.Unlock()
	if !ok {
		return Status{}, fmt.Errorf("kiln: unknown kiln %q", id)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return Status{
		State:    k.state,
		Schedule: k.sched.Name,
		Segment:  k.segment + 1,
		TempC:    k.tempC,
		Setpoint: k.setpoint,
		Duty:     k.duty,
		Err:      k.err,
	}, nil
}

// Wait blocks until the current firing of kiln id ends and returns its
// final status.
func (c *Controller) Wait(ctx context.Context, id string) (Status, error) {
	c.mu.Lock()
	k, ok := c.kilns[id]
	var done chan struct{}
	if ok {
		done = k.done
	}
	c.mu.Unlock()
	if !ok {
		return Status{}, fmt.Errorf("kiln: unknown kiln %q", id)
	}
	if done == nil {
		return c.Status(id)
	}
	select {
	case <-done:
		return c.Status(id)
	case <-ctx.Done():
		return Status{}, ctx.Err()
	}
}
