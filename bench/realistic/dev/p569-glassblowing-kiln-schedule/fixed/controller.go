// Package kiln drives an electric glass kiln through a firing schedule:
// annealing, slumping and fusing programs made of ramp and hold segments.
package kiln

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Thermocouple reads the temperature of one heating zone.
type Thermocouple interface {
	Zone() string
	ReadCelsius(ctx context.Context) (float64, error)
}

// ElementDriver switches the heating elements of a zone through its relay.
// Duty is the fraction of each control period the elements are on, 0 to 1.
type ElementDriver interface {
	SetDuty(zone string, duty float64) error
}

// Logger is the subset of *log.Logger the controller needs.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config holds the controller tuning.
type Config struct {
	// Tick is the control period.
	Tick time.Duration
	// ReadTimeout bounds one round of thermocouple reads.
	ReadTimeout time.Duration
	// MaxTemp is the hard safety limit for any zone.
	MaxTemp float64
	// MaxSpread is the largest allowed difference between the hottest
	// and coldest zone before the controller aborts the firing.
	MaxSpread float64
	// Gain is the proportional gain, in duty per degree of error.
	Gain float64
}

// DefaultConfig suits a mid-size fusing kiln.
func DefaultConfig() Config {
	return Config{
		Tick:        2 * time.Second,
		ReadTimeout: 500 * time.Millisecond,
		MaxTemp:     950,
		MaxSpread:   40,
		Gain:        0.02,
	}
}

// Option customises a Controller.
type Option func(*Controller)

// WithConfig replaces the default tuning.
func WithConfig(cfg Config) Option {
	return func(c *Controller) { c.cfg = cfg }
}

// WithLogger sets the logger used for firing events.
func WithLogger(l Logger) Option {
	return func(c *Controller) { c.log = l }
}

// WithClock replaces time.Now, mostly for tests and simulations.
func WithClock(now func() time.Time) Option {
	return func(c *Controller) { c.now = now }
}

// ErrOvertemp is returned when a zone exceeds the configured safety limit.
var ErrOvertemp = errors.New("kiln: over temperature")

// ErrSpread is returned when zones drift too far apart.
var ErrSpread = errors.New("kiln: zone spread too large")

// Status is a snapshot of the controller state.
type Status struct {
	Segment  int
	Setpoint float64
	Temps    map[string]float64
	Running  bool
}

// Controller runs firing schedules on one kiln.
type Controller struct {
	cfg     Config
	sensors []Thermocouple
	driver  ElementDriver
	log     Logger
	now     func() time.Time

	mu     sync.Mutex
	status Status
}

// New builds a controller for the given zones.
func New(sensors []Thermocouple, driver ElementDriver, opts ...Option) (*Controller, error) {
	if len(sensors) == 0 {
		return nil, errors.New("kiln: no thermocouples configured")
	}
	if driver == nil {
		return nil, errors.New("kiln: nil element driver")
	}
	c := &Controller{
		cfg:     DefaultConfig(),
		sensors: sensors,
		driver:  driver,
		log:     log.Default(),
		now:     time.Now,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.cfg.Tick <= 0 || c.cfg.ReadTimeout <= 0 {
		return nil, fmt.Errorf("kiln: invalid timing tick=%s read=%s", c.cfg.Tick, c.cfg.ReadTimeout)
	}
	seen := make(map[string]bool, len(sensors))
	for _, s := range sensors {
		if seen[s.Zone()] {
			return nil, fmt.Errorf("kiln: duplicate zone %q", s.Zone())
		}
		seen[s.Zone()] = true
	}
	return c, nil
}

// Status returns a copy of the latest controller state.
func (c *Controller) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.status
	st.Temps = make(map[string]float64, len(c.status.Temps))
	for z, t := range c.status.Temps {
		st.Temps[z] = t
	}
	return st
}

func (c *Controller) setStatus(seg int, setpoint float64, temps map[string]float64, running bool) {
	c.mu.Lock()
	c.status = Status{Segment: seg, Setpoint: setpoint, Temps: temps, Running: running}
	c.mu.Unlock()
}

// allOff cuts power to every zone. Errors are logged rather than returned
// because it runs on failure paths that already carry an error.
func (c *Controller) allOff() {
	for _, s := range c.sensors {
		if err := c.driver.SetDuty(s.Zone(), 0); err != nil {
			c.log.Printf("kiln: cannot switch off zone %s: %v", s.Zone(), err)
		}
	}
}

// checkSpread verifies the zones are within the allowed spread.
func (c *Controller) checkSpread(temps map[string]float64) error {
	zones := make([]string, 0, len(temps))
	for z := range temps {
		zones = append(zones, z)
	}
	sort.Slice(zones, func(i, j int) bool { return temps[zones[i]] < temps[zones[j]] })
	cold, hot := zones[0], zones[len(zones)-1]
	if d := temps[hot] - temps[cold]; d > c.cfg.MaxSpread {
		return fmt.Errorf("%w: %s is %.1f°C above %s", ErrSpread, hot, d, cold)
	}
	return nil
}
