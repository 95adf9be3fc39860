package climate

import (
	"context"
	"sync"
	"time"
)

// command is the desired output of a zone's actuators.
type command struct {
	ventPct   float64
	heaterPct float64
}

// zoneDriver applies commands to one zone's actuators. Vent motors are slow,
// so the driver keeps only the most recent command: if the control loop
// produces a new command while the previous one is still being applied,
// intermediate commands are dropped.
type zoneDriver struct {
	zone    ZoneID
	act     Actuators
	timeout time.Duration
	log     Logger

	mu      sync.Mutex
	cond    *sync.Cond
	pending *command
	closed  bool
}

// startZoneDriver creates a driver for zone and starts its apply loop.
func startZoneDriver(zone ZoneID, act Actuators, timeout time.Duration, log Logger) *zoneDriver {
	d := &zoneDriver{zone: zone, act: act, timeout: timeout, log: log}
	d.cond = sync.NewCond(&d.mu)
	go d.loop()
	return d
}

// submit replaces the pending command with cmd.
func (d *zoneDriver) submit(cmd command) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.pending = &cmd
	d.cond.Signal()
}

// close stops the apply loop once the command in progress has finished.
func (d *zoneDriver) close() {
	d.mu.Lock()
	d.closed = true
	d.cond.Broadcast()
	d.mu.Unlock()
}

func (d *zoneDriver) loop() {
	for {
		d.mu.Lock()
		for d.pending == nil && !d.closed {
			d.cond.Wait()
		}
		if d.closed {
			d.mu.Unlock()
			return
		}
		cmd := *d.pending
		d.pending = nil
		d.mu.Unlock()

		d.apply(cmd)
	}
}

// apply drives the actuators. Failures are logged; the next control round
// produces a fresh command anyway.
func (d *zoneDriver) apply(cmd command) {
	ctx, cancel := context.WithTimeout(context.Background(), d.timeout)
	defer cancel()
	if err := d.act.SetVent(ctx, d.zone, cmd.ventPct); err != nil {
		d.log.Printf("climate: zone %s: set vent to %.0f%%: %v", d.zone, cmd.ventPct, err)
	}
	if err := d.act.SetHeater(ctx, d.zone, cmd.heaterPct); err != nil {
		d.log.Printf("climate: zone %s: set heater to %.0f%%: %v", d.zone, cmd.heaterPct, err)
	}
}

// stopDrivers closes every driver in drivers.
func stopDrivers(drivers map[ZoneID]*zoneDriver) {
	for _, d := range drivers {
		d.close()
	}
}
