package climate

import (
	"context"
	"errors"
	"sync"
)

// run: c := NewController([]string{"north", "south"}, failing{}, 2); _ = c.Run(context.Background()); stopDrivers(c.parked)

// Sensors reads a zone's temperature.
type Sensors interface {
	Read(ctx context.Context, zone string) (float64, error)
}

type failing struct{}

func (failing) Read(context.Context, string) (float64, error) { return 0, errors.New("bus fault") }

// driver applies the latest setting to a zone's vents; its loop runs until close.
type driver struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending *float64
	closed  bool
}

func startDriver() *driver {
	d := &driver{}
	d.cond = sync.NewCond(&d.mu)
	go d.loop()
	return d
}

func (d *driver) submit(v float64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = &v
	d.cond.Signal()
}

func (d *driver) close() {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
}

func (d *driver) loop() {
	for {
		d.mu.Lock()
		for d.pending == nil && !d.closed {
			d.cond.Wait()
		}
		if d.closed {
			d.mu.Unlock()
			return
		}
		d.pending = nil
		d.mu.Unlock()
	}
}

func stopDrivers(drivers map[string]*driver) {
	for _, d := range drivers {
		d.close()
	}
}

// Controller drives each zone from its sensor.
type Controller struct {
	zones     []string
	sensors   Sensors
	maxFaults int
	parked    map[string]*driver
}

// NewController returns a controller for zones.
func NewController(zones []string, s Sensors, maxFaults int) *Controller {
	return &Controller{zones: zones, sensors: s, maxFaults: maxFaults}
}

// Run drives the zones until ctx ends or the sensors keep failing.
func (c *Controller) Run(ctx context.Context) error {
	drivers := make(map[string]*driver, len(c.zones))
	for _, z := range c.zones {
		drivers[z] = startDriver()
	}
	faults := 0
	for {
		select {
		case <-ctx.Done():
			stopDrivers(drivers)
			return ctx.Err()
		default:
		}
		if err := c.step(ctx, drivers); err == nil {
			faults = 0
			continue
		}
		faults++
		if faults >= c.maxFaults {
			c.park(drivers)
			return errors.New("climate: giving up on faulty sensors")
		}
	}
}

// park keeps the drivers for a later restart, which stops them.
func (c *Controller) park(drivers map[string]*driver) {
	c.parked = drivers
}

func (c *Controller) step(ctx context.Context, drivers map[string]*driver) error {
	for _, z := range c.zones {
		v, err := c.sensors.Read(ctx, z)
		if err != nil {
			return err
		}
		drivers[z].submit(v)
	}
	return nil
}
