package irrigation

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"time"
)

// Option configures a Controller.
type Option func(*Controller)

// WithMaxRun caps how long a valve may stay open in one run.
func WithMaxRun(d time.Duration) Option { return func(c *Controller) { c.maxRun = d } }

// WithRunPerPercent sets how long to water for each percent of moisture
// deficit.
func WithRunPerPercent(d time.Duration) Option { return func(c *Controller) { c.perPercent = d } }

// WithRetryDelay sets how long to wait before retrying a valve that failed to
// close.
func WithRetryDelay(d time.Duration) Option { return func(c *Controller) { c.retryDelay = d } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Controller) { c.log = l } }

// Controller schedules watering runs for the zones of an orchard.
type Controller struct {
	driver     ValveDriver
	sensor     MoistureSensor
	maxRun     time.Duration
	perPercent time.Duration
	retryDelay time.Duration
	hwTimeout  time.Duration
	log        *log.Logger

	zones map[string]*zoneState
	order []string
}

// NewController returns a controller for the given zones.
func NewController(driver ValveDriver, sensor MoistureSensor, zones []Zone, opts ...Option) (*Controller, error) {
	c := &Controller{
		driver:     driver,
		sensor:     sensor,
		maxRun:     45 * time.Minute,
		perPercent: 4 * time.Minute,
		retryDelay: 30 * time.Second,
		hwTimeout:  5 * time.Second,
		log:        log.New(io.Discard, "", 0),
		zones:      make(map[string]*zoneState, len(zones)),
	}
	for _, opt := range opts {
		opt(c)
	}
	if driver == nil || sensor == nil {
		return nil, fmt.Errorf("irrigation: driver and sensor are required")
	}
	for _, z := range zones {
		if _, dup := c.zones[z.ID]; dup || z.ID == "" || z.Valve == "" {
			return nil, fmt.Errorf("irrigation: invalid or duplicate zone %q", z.ID)
		}
		c.zones[z.ID] = &zoneState{Zone: z}
		c.order = append(c.order, z.ID)
	}
	sort.Strings(c.order)
	return c, nil
}

func (c *Controller) zone(id string) (*zoneState, error) {
	z, ok := c.zones[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownZone, id)
	}
	return z, nil
}

// RunCycle reads soil moisture in every zone and opens the valves of zones
// that are drier than their target. Valves close on their own when the
// planned run time has elapsed.
func (c *Controller) RunCycle(ctx context.Context) (*CycleReport, error) {
	rep := newCycleReport()
	for _, id := range c.order {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		z := c.zones[id]
		level, err := c.sensor.Moisture(ctx, id)
		if err != nil {
			c.log.Printf("irrigation: zone %s: sensor: %v", id, err)
			rep.Failed[id] = err
			continue
		}
		deficit := z.Target - level
		if deficit <= 0 {
			rep.Skipped[id] = level
			continue
		}
		d := time.Duration(deficit * float64(c.perPercent))
		if d > c.maxRun {
			d = c.maxRun
		}
		if err := c.start(ctx, z, d); err != nil {
			rep.Failed[id] = err
			continue
		}
		rep.Started[id] = d
	}
	return rep, nil
}

func (c *Controller) start(ctx context.Context, z *zoneState, d time.Duration) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.open {
		return nil
	}
	hctx, cancel := context.WithTimeout(ctx, c.hwTimeout)
	defer cancel()
	if err := c.driver.Open(hctx, z.Valve); err != nil {
		z.lastErr = err
		return fmt.Errorf("open valve %s: %w", z.Valve, err)
	}
	z.open = true
	z.run++
	z.started = time.Now()
	z.planned = d
	run := z.run
	z.timer = time.AfterFunc(d, func() { c.finish(z, run) })
	c.log.Printf("irrigation: zone %s (%s) watering for %s", z.ID, z.Crop, d)
	return nil
}

// finish closes the valve at the end of a run. A valve that will not close
// is retried, since a stuck valve floods the rows.
func (c *Controller) finish(z *zoneState, run uint64) {
	z.mu.Lock() // leak: Extend returns ErrRunLimit while still holding z.mu
	defer z.mu.Unlock()
	if !z.open || z.run != run {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.hwTimeout)
	defer cancel()
	if err := c.driver.Close(ctx, z.Valve); err != nil {
		z.lastErr = err
		c.log.Printf("irrigation: zone %s: closing valve %s failed, retrying in %s: %v", z.ID, z.Valve, c.retryDelay, err)
		z.timer = time.AfterFunc(c.retryDelay, func() { c.finish(z, run) })
		return
	}
	elapsed := time.Since(z.started)
	z.open = false
	z.litres += z.FlowLM * elapsed.Minutes()
	c.log.Printf("irrigation: zone %s run %d done after %s", z.ID, run, elapsed.Round(time.Millisecond))
}

// Extend lengthens the current run of a zone, for example when the farm
// manager sees dry patches during a heat wave.
func (c *Controller) Extend(zoneID string, extra time.Duration) error {
	if extra <= 0 {
		return fmt.Errorf("irrigation: extension must be positive, got %s", extra)
	}
	z, err := c.zone(zoneID)
	if err != nil {
		return err
	}

	z.mu.Lock()
	if !z.open {
		z.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrNotRunning, zoneID)
	}
	total := z.planned + extra
	if total > c.maxRun {
		return fmt.Errorf("%w: zone %s would run %s, limit is %s", ErrRunLimit, zoneID, total, c.maxRun)
	}
	if !z.timer.Stop() {
		z.mu.Unlock()
		return fmt.Errorf("%w: %s is already closing", ErrNotRunning, zoneID)
	}
	z.planned = total
	z.timer.Reset(time.Until(z.started.Add(total)))
	run := z.run
	z.mu.Unlock()

	c.log.Printf("irrigation: zone %s run %d extended by %s to %s", zoneID, run, extra, total)
	return nil
}

// Status returns a snapshot of a zone.
func (c *Controller) Status(zoneID string) (Status, error) {
	z, err := c.zone(zoneID)
	if err != nil {
		return Status{}, err
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	return Status{Zone: z.ID, Open: z.open, Runs: z.run, Litres: z.litres, Planned: z.planned, LastErr: z.lastErr}, nil
}

// StopAll closes every open valve, for frost alarms or maintenance.
func (c *Controller) StopAll(ctx context.Context) error {
	var firstErr error
	for _, id := range c.order {
		z := c.zones[id]
		z.mu.Lock()
		if z.open {
			z.timer.Stop()
			if err := c.driver.Close(ctx, z.Valve); err != nil {
				z.lastErr = err
				if firstErr == nil {
					firstErr = fmt.Errorf("close valve %s: %w", z.Valve, err)
				}
			} else {
				z.open = false
				z.litres += z.FlowLM * time.Since(z.started).Minutes()
			}
		}
		z.mu.Unlock()
	}
	return firstErr
}
