package misting

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Valve drives the misting solenoids.
type Valve interface {
	Pulse(ctx context.Context, zoneID string, d time.Duration) error
}

// Sensor reads relative humidity, in percent, at a zone.
type Sensor interface {
	RelativeHumidity(ctx context.Context, zoneID string) (float64, error)
}

// Logger is the subset of *log.Logger used here.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Controller.
type Option func(*Controller)

// WithInterval sets how often every zone is checked.
func WithInterval(d time.Duration) Option { return func(c *Controller) { c.interval = d } }

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(c *Controller) { c.log = l } }

// WithClock replaces time.Now, for the day window and cooldowns.
func WithClock(now func() time.Time) Option { return func(c *Controller) { c.now = now } }

// WithMaxFaults sets after how many consecutive valve faults a zone is
// disabled until Reset.
func WithMaxFaults(n int) Option { return func(c *Controller) { c.maxFaults = n } }

// WithValveTimeout sets how long a valve may take beyond the pulse length
// to confirm.
func WithValveTimeout(d time.Duration) Option { return func(c *Controller) { c.valveTimeout = d } }

// Controller keeps every zone of the nursery at its humidity target.
type Controller struct {
	sensor       Sensor
	valve        Valve
	log          Logger
	now          func() time.Time
	interval     time.Duration
	maxFaults    int
	valveTimeout time.Duration

	zones []*zone
	byID  map[string]*zone

	sweeps   int64
	cancel   context.CancelFunc
	stopOnce sync.Once
}

// NewController validates the zones and starts the scheduler.
func NewController(zones []ZoneConfig, sensor Sensor, valve Valve, opts ...Option) (*Controller, error) {
	if sensor == nil || valve == nil {
		return nil, errors.New("misting: sensor and valve are required")
	}
	c := &Controller{
		sensor:       sensor,
		valve:        valve,
		log:          log.Default(),
		now:          time.Now,
		interval:     30 * time.Second,
		maxFaults:    3,
		valveTimeout: 2 * time.Second,
		byID:         make(map[string]*zone, len(zones)),
	}
	for _, o := range opts {
		o(c)
	}
	if c.interval <= 0 || c.maxFaults <= 0 {
		return nil, fmt.Errorf("misting: bad interval %v / max faults %d", c.interval, c.maxFaults)
	}
	for _, zc := range zones {
		if err := zc.validate(); err != nil {
			return nil, err
		}
		if _, dup := c.byID[zc.ID]; dup {
			return nil, fmt.Errorf("misting: zone %s configured twice", zc.ID)
		}
		z := &zone{cfg: zc}
		c.zones = append(c.zones, z)
		c.byID[zc.ID] = z
	}

	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go c.run(ctx)
	return c, nil
}

func (c *Controller) run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.sweep(ctx)
		}
	}
}

func (c *Controller) sweep(ctx context.Context) {
	atomic.AddInt64(&c.sweeps, 1)
	for _, z := range c.zones {
		if err := c.tend(ctx, z); err != nil {
			c.log.Printf("zone %s (%s): %v", z.cfg.ID, z.cfg.Name, err)
		}
	}
}

func (c *Controller) tend(ctx context.Context, z *zone) error {
	z.mu.Lock() // leak: MistNow returned on a valve error without unlocking the zone
	defer z.mu.Unlock()
	if z.disabled {
		return nil
	}
	now := c.now()
	if !z.cfg.daytime(now) {
		return nil
	}
	rh, err := c.sensor.RelativeHumidity(ctx, z.cfg.ID)
	if err != nil {
		return fmt.Errorf("reading humidity: %w", err)
	}
	z.lastRH = rh
	d := z.cfg.pulseFor(rh)
	if d == 0 || now.Sub(z.lastPulse) < z.cfg.Cooldown {
		return nil
	}
	return c.pulseLocked(ctx, z, d, now)
}

func (c *Controller) pulseLocked(ctx context.Context, z *zone, d time.Duration, now time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, d+c.valveTimeout)
	defer cancel()
	if err := c.valve.Pulse(ctx, z.cfg.ID, d); err != nil {
		z.faults++
		if z.faults >= c.maxFaults {
			z.disabled = true
			c.log.Printf("zone %s disabled after %d valve faults", z.cfg.ID, z.faults)
		}
		return err
	}
	z.faults = 0
	z.pulses++
	z.lastPulse = now
	return nil
}

// MistNow runs a manual pulse from the greenhouse panel. It ignores the
// humidity reading, the cooldown and the day window, but not a disabled
// zone. A zero duration means the zone's base pulse.
func (c *Controller) MistNow(ctx context.Context, zoneID string, d time.Duration) error {
	z, ok := c.byID[zoneID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownZone, zoneID)
	}
	if d <= 0 {
		d = z.cfg.Pulse
	}
	if d > z.cfg.MaxPulse {
		d = z.cfg.MaxPulse
	}
	z.mu.Lock()
	if z.disabled {
		z.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrZoneDisabled, zoneID)
	}
	if err := c.pulseLocked(ctx, z, d, c.now()); err != nil {
		return fmt.Errorf("misting: manual pulse on %s: %w", zoneID, err)
	}
	z.mu.Unlock()
	c.log.Printf("zone %s: manual pulse of %v", zoneID, d)
	return nil
}

// Reset re-enables a zone after its valve has been serviced.
func (c *Controller) Reset(zoneID string) error {
	z, ok := c.byID[zoneID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownZone, zoneID)
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	z.disabled = false
	z.faults = 0
	return nil
}

// Status returns the state of every zone.
func (c *Controller) Status() []ZoneStatus {
	out := make([]ZoneStatus, 0, len(c.zones))
	for _, z := range c.zones {
		out = append(out, z.status())
	}
	return out
}

// Sweeps reports how many scheduler sweeps have started.
func (c *Controller) Sweeps() int64 { return atomic.LoadInt64(&c.sweeps) }

// Close stops the scheduler.
func (c *Controller) Close() {
	c.stopOnce.Do(c.cancel)
}
