// Package misting drives the misting nozzles of a greenhouse. Each zone is a
// bench or bay served by one solenoid line on the valve manifold; the
// controller opens a line for a short pulse whenever the zone's relative
// humidity falls below its target.
package misting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Valve switches the solenoid lines of the misting manifold.
type Valve interface {
	Open(line int) error
	Close(line int) error
}

// Hygrometer reports the relative humidity, in percent, measured in a zone.
type Hygrometer interface {
	RelativeHumidity(ctx context.Context, zoneID string) (float64, error)
}

// ZoneConfig describes one misting zone.
type ZoneConfig struct {
	ID string
	// Line is the solenoid output on the manifold that feeds the zone.
	Line int
	// TargetRH is the relative humidity the zone is kept at, in percent.
	TargetRH float64
	// Hysteresis is how far below TargetRH the humidity must drop before
	// the zone is misted again.
	Hysteresis float64
	// Pulse is how long the nozzles run per misting.
	Pulse time.Duration
	// MinGap is the minimum time between two mistings of the zone, so the
	// foliage can dry off and does not stay wet overnight.
	MinGap time.Duration
}

var (
	ErrClosed       = errors.New("misting: controller closed")
	ErrUnknownZone  = errors.New("misting: unknown zone")
	ErrTooSoon      = errors.New("misting: zone misted too recently")
	ErrZoneStopped  = errors.New("misting: zone stopped")
	ErrInvalidZones = errors.New("misting: invalid zone layout")
)

// Option configures a Controller.
type Option func(*Controller)

// WithLogger sets the logger for valve activity and layout changes.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.log = l } }

// WithClock replaces time.Now, for simulations and tests.
func WithClock(now func() time.Time) Option { return func(c *Controller) { c.now = now } }

// WithMaxPulse caps the pulse length accepted in a layout.
func WithMaxPulse(d time.Duration) Option { return func(c *Controller) { c.maxPulse = d } }

// Controller owns one worker per zone. The worker serialises all valve
// operations on the zone's line.
type Controller struct {
	valve    Valve
	hygro    Hygrometer
	log      *log.Logger
	now      func() time.Time
	maxPulse time.Duration

	mu     sync.Mutex
	zones  map[string]*zone
	closed bool
}

// New returns a controller with no zones. Call Apply to configure them.
func New(valve Valve, hygro Hygrometer, opts ...Option) *Controller {
	c := &Controller{
		valve:    valve,
		hygro:    hygro,
		log:      log.New(io.Discard, "", 0),
		now:      time.Now,
		maxPulse: 30 * time.Second,
		zones:    make(map[string]*zone),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (c *Controller) validate(layout []ZoneConfig) error {
	ids := make(map[string]bool, len(layout))
	lines := make(map[int]string, len(layout))
	for _, zc := range layout {
		switch {
		case zc.ID == "":
			return fmt.Errorf("%w: zone without id", ErrInvalidZones)
		case ids[zc.ID]:
			return fmt.Errorf("%w: duplicate zone %q", ErrInvalidZones, zc.ID)
		case lines[zc.Line] != "":
			return fmt.Errorf("%w: line %d used by %q and %q", ErrInvalidZones, zc.Line, lines[zc.Line], zc.ID)
		case zc.TargetRH <= 0 || zc.TargetRH > 100:
			return fmt.Errorf("%w: zone %q target %.1f%%", ErrInvalidZones, zc.ID, zc.TargetRH)
		case zc.Pulse <= 0 || zc.Pulse > c.maxPulse:
			return fmt.Errorf("%w: zone %q pulse %v", ErrInvalidZones, zc.ID, zc.Pulse)
		}
		ids[zc.ID] = true
		lines[zc.Line] = zc.ID
	}
	return nil
}

// Apply replaces the zone layout. Zones missing from layout are stopped, new
// zones are started and existing zones pick up their new settings.
func (c *Controller) Apply(layout []ZoneConfig) error {
	if err := c.validate(layout); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}

	want := make(map[string]ZoneConfig, len(layout))
	for _, zc := range layout {
		want[zc.ID] = zc
	}
	for id, z := range c.zones {
		if _, keep := want[id]; !keep {
			z.halt()
			delete(c.zones, id)
			c.log.Printf("zone %s: removed (line %d)", id, z.line)
		}
	}
	for _, zc := range layout {
		z, ok := c.zones[zc.ID]
		switch {
		case !ok:
			c.zones[zc.ID] = c.startZone(zc)
			c.log.Printf("zone %s: added on line %d", zc.ID, zc.Line)
		case z.line != zc.Line:
			c.zones[zc.ID] = c.startZone(zc)
			c.log.Printf("zone %s: moved from line %d to %d", zc.ID, z.line, zc.Line)
		default:
			z.retune(zc)
		}
	}
	return nil
}

// Zones returns the ids of the configured zones in sorted order.
func (c *Controller) Zones() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.zones))
	for id := range c.zones {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Mist runs one pulse on the zone's line and waits for it to finish.
func (c *Controller) Mist(ctx context.Context, zoneID, reason string) error {
	c.mu.Lock()
	z, ok := c.zones[zoneID]
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownZone, zoneID)
	}

	t := z.tuning()
	if last := z.lastMisted(); !last.IsZero() && c.now().Sub(last) < t.MinGap {
		return fmt.Errorf("%w: %s last misted %v ago", ErrTooSoon, zoneID, c.now().Sub(last).Round(time.Second))
	}
	req := mistRequest{pulse: t.Pulse, reason: reason, at: c.now(), reply: make(chan error, 1)}
	select {
	case z.reqs <- req:
	case <-z.done:
		return fmt.Errorf("%w: %s", ErrZoneStopped, zoneID)
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops all zone workers. A pulse that is running is cut short and its
// line closed.
func (c *Controller) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	c.closed = true
	for id, z := range c.zones {
		z.halt()
		delete(c.zones, id)
	}
	c.log.Printf("controller closed")
	return nil
}
