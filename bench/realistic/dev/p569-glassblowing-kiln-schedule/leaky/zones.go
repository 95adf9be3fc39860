package kiln

import (
	"context"
	"fmt"
)

type zoneReading struct {
	zone string
	temp float64
	err  error
}

// readZones polls every thermocouple concurrently; a slow amplifier on
// one zone must not delay the others past the control period.
func (c *Controller) readZones(ctx context.Context) (map[string]float64, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.ReadTimeout)
	defer cancel()

	results := make(chan zoneReading)
	for _, tc := range c.sensors {
		go func(tc Thermocouple) {
			t, err := tc.ReadCelsius(ctx)
			results <- zoneReading{zone: tc.Zone(), temp: t, err: err} // leak: readZones stops receiving after the first failed zone
		}(tc)
	}

	temps := make(map[string]float64, len(c.sensors))
	for range c.sensors {
		r := <-results
		if r.err != nil {
			return nil, fmt.Errorf("zone %s: %w", r.zone, r.err)
		}
		if r.temp > c.cfg.MaxTemp {
			return nil, fmt.Errorf("%w: zone %s at %.1f°C (limit %.1f°C)", ErrOvertemp, r.zone, r.temp, c.cfg.MaxTemp)
		}
		temps[r.zone] = r.temp
	}
	return temps, nil
}

// drive applies a proportional correction to each zone.
func (c *Controller) drive(setpoint float64, temps map[string]float64) error {
	for zone, t := range temps {
		duty := (setpoint - t) * c.cfg.Gain
		switch {
		case duty < 0:
			duty = 0
		case duty > 1:
			duty = 1
		}
		if err := c.driver.SetDuty(zone, duty); err != nil {
			return fmt.Errorf("zone %s: set duty %.2f: %w", zone, duty, err)
		}
	}
	return nil
}
