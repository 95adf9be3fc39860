package bellows

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	// ErrStopped is returned to waiters when the controller shuts down
	// before the strokes they waited for were delivered.
	ErrStopped = errors.New("bellows: controller stopped")
	// ErrPumpFault is returned by Run when the actuator keeps failing.
	ErrPumpFault = errors.New("bellows: pump fault")
	// ErrAlreadyRunning is returned by Run when called twice.
	ErrAlreadyRunning = errors.New("bellows: controller already running")
)

// Pump drives the bellows actuator.
type Pump interface {
	Stroke(ctx context.Context, s Stroke) error
}

// Thermocouple reads the hearth temperature in degrees Celsius.
type Thermocouple interface {
	Read(ctx context.Context) (float64, error)
}

// Logger is the subset of *log.Logger used by the controller.
type Logger interface {
	Printf(format string, args ...any)
}

// Option configures a Controller.
type Option func(*Controller)

// WithProfile selects the firing profile. The default is ProfileForgeWeld.
func WithProfile(p Profile) Option { return func(c *Controller) { c.profile = p } }

// WithInterval sets the time between strokes.
func WithInterval(d time.Duration) Option { return func(c *Controller) { c.interval = d } }

// WithMaxFaults sets how many consecutive pump errors are tolerated.
func WithMaxFaults(n int) Option { return func(c *Controller) { c.maxFaults = n } }

// WithLogger replaces the default logger.
func WithLogger(l Logger) Option { return func(c *Controller) { c.log = l } }

// Stats is a snapshot of the controller counters.
type Stats struct {
	Strokes     int
	Faults      int
	TotalVolume float64
	LastHearthC float64
	Running     bool
}

// Controller runs the bellows of one forge on a fixed cadence, sizing each
// stroke to the hearth temperature.
type Controller struct {
	pump      Pump
	tc        Thermocouple
	profile   Profile
	interval  time.Duration
	maxFaults int
	log       Logger

	stopOnce sync.Once
	stopCh   chan struct{}

	mu      sync.Mutex
	cond    *sync.Cond
	running bool
	stopped bool
	reason  error
	stats   Stats
}

// New creates a controller for the given pump and thermocouple.
func New(pump Pump, tc Thermocouple, opts ...Option) (*Controller, error) {
	if pump == nil || tc == nil {
		return nil, errors.New("bellows: pump and thermocouple are required")
	}
	c := &Controller{
		pump:      pump,
		tc:        tc,
		profile:   ProfileForgeWeld,
		interval:  2 * time.Second,
		maxFaults: 5,
		log:       log.Default(),
		stopCh:    make(chan struct{}),
	}
	for _, opt := range opts {
		opt(c)
	}
	if err := c.profile.Validate(); err != nil {
		return nil, err
	}
	if c.interval <= 0 {
		return nil, fmt.Errorf("bellows: invalid interval %v", c.interval)
	}
	if c.maxFaults < 1 {
		c.maxFaults = 1
	}
	c.cond = sync.NewCond(&c.mu)
	return c, nil
}

// Run drives the bellows until ctx is cancelled, Stop is called or the pump
// fails MaxFaults times in a row.
func (c *Controller) Run(ctx context.Context) error {
	c.mu.Lock()
	switch {
	case c.running:
		c.mu.Unlock()
		return ErrAlreadyRunning
	case c.stopped:
		c.mu.Unlock()
		return ErrStopped
	}
	c.running = true
	c.mu.Unlock()

	c.log.Printf("bellows: running profile %q every %v", c.profile.Name, c.interval)

	ticker := time.NewTicker(c.interval)
	defer ticker.Stop()

	faults := 0
	for {
		select {
		case <-ctx.Done():
			c.halt(ctx.Err())
			return ctx.Err()
		case <-c.stopCh:
			c.halt(ErrStopped)
			return nil
		case <-ticker.C:
		}

		hearth, err := c.tc.Read(ctx)
		if err != nil {
			c.log.Printf("bellows: thermocouple read failed, reusing last value: %v", err)
			hearth = c.Stats().LastHearthC
		}

		stroke := c.profile.plan(c.Stats().Strokes, hearth)
		if err := c.pump.Stroke(ctx, stroke); err != nil {
			faults++
			c.recordFault()
			c.log.Printf("bellows: stroke %d failed (%d/%d): %v", stroke.Seq, faults, c.maxFaults, err)
			if faults >= c.maxFaults {
				return fmt.Errorf("%w after %d attempts: %v", ErrPumpFault, faults, err)
			}
			continue
		}
		faults = 0
		c.recordStroke(stroke, hearth)
	}
}

// Stop asks a running controller to finish after the current stroke.
func (c *Controller) Stop() {
	c.stopOnce.Do(func() { close(c.stopCh) })
}

// Stats returns a snapshot of the controller counters.
func (c *Controller) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Running = c.running
	return s
}

func (c *Controller) recordStroke(s Stroke, hearthC float64) {
	c.mu.Lock()
	c.stats.Strokes++
	c.stats.TotalVolume += s.Volume
	c.stats.LastHearthC = hearthC
	c.mu.Unlock()
	c.cond.Broadcast()
}

func (c *Controller) recordFault() {
	c.mu.Lock()
	c.stats.Faults++
	c.mu.Unlock()
}

func (c *Controller) halt(reason error) {
	c.mu.Lock()
	c.running = false
	c.stopped = true
	c.reason = reason
	c.mu.Unlock()
	c.cond.Broadcast()
	c.log.Printf("bellows: halted: %v", reason)
}
