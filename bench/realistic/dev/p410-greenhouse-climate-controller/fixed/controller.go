// Package climate runs the climate control loop of a greenhouse.
//
// Each greenhouse is divided into zones. On every control interval the
// controller reads the zone's temperature and humidity sensors, computes
// vent and heater outputs with a proportional controller around the zone's
// setpoint, and hands the outputs to a per-zone actuator driver. Readings
// outside the configured limits raise alarms.
package climate

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrSensorFault is wrapped by errors caused by unreadable sensors.
var ErrSensorFault = errors.New("climate: sensor fault")

// ZoneID identifies a greenhouse zone, for example "house-2/bench-east".
type ZoneID string

// Reading is one sample of a zone's sensors.
type Reading struct {
	Zone     ZoneID
	TempC    float64
	Humidity float64 // relative humidity, percent
	At       time.Time
}

// Sensors reads the current climate of a zone.
type Sensors interface {
	Read(ctx context.Context, zone ZoneID) (Reading, error)
}

// Actuators drives a zone's roof vents and heaters. Both outputs are
// percentages in [0, 100].
type Actuators interface {
	SetVent(ctx context.Context, zone ZoneID, openPct float64) error
	SetHeater(ctx context.Context, zone ZoneID, powerPct float64) error
}

// Ticker delivers control ticks.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time so the control loop can be driven in tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Logger receives operational messages.
type Logger interface {
	Printf(format string, args ...interface{})
}

// ZoneConfig holds the control parameters of one zone.
type ZoneConfig struct {
	ID        ZoneID
	SetpointC float64
	// DeadbandC is the tolerance around the setpoint in which neither vents
	// nor heaters are driven.
	DeadbandC float64
	// GainPct is the output change, in percent, per degree of error.
	GainPct float64
	// HighAlarmC and LowAlarmC are the temperature alarm limits.
	HighAlarmC float64
	LowAlarmC  float64
	// MaxHumidity forces a minimum vent opening above this humidity.
	MaxHumidity float64
}

// Config configures a Controller.
type Config struct {
	Zones    []ZoneConfig
	Interval time.Duration
	// MaxSensorFaults is the number of consecutive control rounds with a
	// sensor fault after which Run gives up. Defaults to 3.
	MaxSensorFaults int
	// ActuatorTimeout bounds each actuator command. Defaults to 5s.
	ActuatorTimeout time.Duration
	Clock           Clock
	Logger          Logger
}

// Controller runs the control loop for a set of zones.
type Controller struct {
	cfg     Config
	sensors Sensors
	act     Actuators
	alarms  *alarmTracker
}

// New validates cfg and returns a controller. Run starts it.
func New(cfg Config, sensors Sensors, act Actuators, sink AlarmSink) (*Controller, error) {
	if len(cfg.Zones) == 0 {
		return nil, errors.New("climate: no zones configured")
	}
	if cfg.Interval <= 0 {
		return nil, fmt.Errorf("climate: invalid control interval %v", cfg.Interval)
	}
	if cfg.Clock == nil {
		return nil, errors.New("climate: clock is required")
	}
	seen := make(map[ZoneID]bool, len(cfg.Zones))
	for _, z := range cfg.Zones {
		if z.ID == "" || seen[z.ID] {
			return nil, fmt.Errorf("climate: missing or duplicate zone id %q", z.ID)
		}
		if z.LowAlarmC >= z.HighAlarmC {
			return nil, fmt.Errorf("climate: zone %s: low alarm %.1f not below high alarm %.1f", z.ID, z.LowAlarmC, z.HighAlarmC)
		}
		seen[z.ID] = true
	}
	if cfg.MaxSensorFaults <= 0 {
		cfg.MaxSensorFaults = 3
	}
	if cfg.ActuatorTimeout <= 0 {
		cfg.ActuatorTimeout = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = nopLogger{}
	}
	return &Controller{
		cfg:     cfg,
		sensors: sensors,
		act:     act,
		alarms:  newAlarmTracker(sink, cfg.Clock, cfg.Logger),
	}, nil
}

// Run executes the control loop until ctx is done or the sensors have
// failed for MaxSensorFaults consecutive rounds.
func (c *Controller) Run(ctx context.Context) error {
	drivers := make(map[ZoneID]*zoneDriver, len(c.cfg.Zones))
	for _, z := range c.cfg.Zones {
		drivers[z.ID] = startZoneDriver(z.ID, c.act, c.cfg.ActuatorTimeout, c.cfg.Logger)
	}
	defer stopDrivers(drivers)

	ticker := c.cfg.Clock.NewTicker(c.cfg.Interval)
	defer ticker.Stop()

	faults := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C():
		}

		err := c.step(ctx, drivers)
		if err == nil {
			faults = 0
			continue
		}
		faults++
		c.cfg.Logger.Printf("climate: control round failed (%d/%d): %v", faults, c.cfg.MaxSensorFaults, err)
		if faults >= c.cfg.MaxSensorFaults {
			c.alarms.raise(ctx, Alarm{Kind: AlarmSensorFailure, Detail: err.Error()})
			return fmt.Errorf("climate: giving up after %d faulty rounds: %w", faults, err)
		}
	}
}

// step runs one control round over all zones. Zones with a readable sensor
// are driven even if another zone's sensor failed; the first failure is
// returned.
func (c *Controller) step(ctx context.Context, drivers map[ZoneID]*zoneDriver) error {
	var firstErr error
	for _, z := range c.cfg.Zones {
		r, err := c.sensors.Read(ctx, z.ID)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("%w: zone %s: %v", ErrSensorFault, z.ID, err)
			}
			continue
		}
		c.alarms.check(ctx, z, r)
		drivers[z.ID].submit(control(z, r))
	}
	return firstErr
}

// control computes the actuator outputs for reading r in zone z.
func control(z ZoneConfig, r Reading) command {
	var cmd command
	errC := r.TempC - z.SetpointC
	switch {
	case errC > z.DeadbandC:
		cmd.ventPct = clamp((errC - z.DeadbandC) * z.GainPct)
	case errC < -z.DeadbandC:
		cmd.heaterPct = clamp((-errC - z.DeadbandC) * z.GainPct)
	}
	if z.MaxHumidity > 0 && r.Humidity > z.MaxHumidity && cmd.ventPct < minHumidityVentPct {
		cmd.ventPct = minHumidityVentPct
	}
	return cmd
}

// minHumidityVentPct is the vent opening forced while humidity is too high.
const minHumidityVentPct = 15

func clamp(pct float64) float64 {
	if pct < 0 {
		return 0
	}
	if pct > 100 {
		return 100
	}
	return pct
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}
