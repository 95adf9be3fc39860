// Package kiln drives an electric kiln through a firing schedule using a
// thermocouple probe and a set of heating elements.
package kiln

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// Probe reads the kiln thermocouple. Implementations typically talk to an
// amplifier chip over SPI and may stall when the bus is busy.
type Probe interface {
	ReadCelsius() (float64, error)
}

// Elements controls the heating elements through a solid state relay.
type Elements interface {
	// SetDuty sets the fraction of each control period during which the
	// elements are energised, in the range [0, 1].
	SetDuty(duty float64) error
	// Off de-energises the elements immediately.
	Off() error
}

// Logger is the subset of *log.Logger used by the controller.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config holds the tunables of a Controller.
type Config struct {
	// Tick is the control loop period.
	Tick time.Duration
	// ReadTimeout bounds a single probe read.
	ReadTimeout time.Duration
	// MaxProbeFailures is the number of consecutive failed reads after
	// which the firing is aborted.
	MaxProbeFailures int
	// Tolerance is how close (in °C) the kiln must get to a segment target
	// before the hold starts.
	Tolerance float64
	// MaxTemp is the rated maximum temperature of the kiln.
	MaxTemp float64
	// Gain is the proportional gain in duty per °C of error.
	Gain float64
	// SimSpeed accelerates schedule time; 1 is real time.
	SimSpeed float64
}

// DefaultConfig returns settings suitable for a small studio kiln.
func DefaultConfig() Config {
	return Config{
		Tick:             time.Second,
		ReadTimeout:      250 * time.Millisecond,
		MaxProbeFailures: 5,
		Tolerance:        3,
		MaxTemp:          1300,
		Gain:             0.05,
		SimSpeed:         1,
	}
}

func (c Config) validate() error {
	switch {
	case c.Tick <= 0:
		return errors.New("kiln: tick must be positive")
	case c.ReadTimeout <= 0:
		return errors.New("kiln: read timeout must be positive")
	case c.MaxProbeFailures < 1:
		return errors.New("kiln: max probe failures must be at least 1")
	case c.Tolerance <= 0:
		return errors.New("kiln: tolerance must be positive")
	case c.MaxTemp <= 0:
		return errors.New("kiln: max temperature must be positive")
	case c.Gain <= 0:
		return errors.New("kiln: gain must be positive")
	case c.SimSpeed <= 0:
		return errors.New("kiln: sim speed must be positive")
	}
	return nil
}

// Progress is reported after every control step.
type Progress struct {
	Segment  int
	Phase    string
	Setpoint float64
	Temp     float64
	Duty     float64
}

// Option configures a Controller.
type Option func(*Controller)

// WithLogger sets the logger used for firing events.
func WithLogger(l Logger) Option {
	return func(c *Controller) { c.log = l }
}

// WithProgress registers a callback invoked after every control step.
func WithProgress(fn func(Progress)) Option {
	return func(c *Controller) { c.onProgress = fn }
}

// Controller runs firing schedules. A controller fires one schedule at a time.
type Controller struct {
	cfg        Config
	probe      Probe
	elems      Elements
	log        Logger
	onProgress func(Progress)

	mu     sync.Mutex
	firing bool
}

// New returns a Controller for the given probe and elements.
func New(probe Probe, elems Elements, cfg Config, opts ...Option) (*Controller, error) {
	if probe == nil || elems == nil {
		return nil, errors.New("kiln: probe and elements are required")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Controller{
		cfg:   cfg,
		probe: probe,
		elems: elems,
		log:   log.Default(),
	}
	for _, opt := range opts {
		opt(c)
	}
	return c, nil
}

func (c *Controller) acquire() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.firing {
		return ErrBusy
	}
	c.firing = true
	return nil
}

func (c *Controller) release() {
	c.mu.Lock()
	c.firing = false
	c.mu.Unlock()
}

func (c *Controller) report(p Progress) {
	if c.onProgress != nil {
		c.onProgress(p)
	}
}

func (c *Controller) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) / c.cfg.SimSpeed)
}

func (c *Controller) shutdown() {
	if err := c.elems.Off(); err != nil {
		c.log.Printf("kiln: failed to switch elements off: %v", err)
	}
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func (p Progress) String() string {
	return fmt.Sprintf("seg %d %s sp=%.1f t=%.1f duty=%.2f", p.Segment, p.Phase, p.Setpoint, p.Temp, p.Duty)
}
