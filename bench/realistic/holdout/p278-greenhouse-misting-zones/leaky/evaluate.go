package misting

import (
	"context"
	"errors"
	"fmt"
)

// Decision records what Evaluate did for one zone.
type Decision struct {
	Zone   string
	RH     float64
	Misted bool
	Err    error
}

// Evaluate reads the humidity of every zone and mists the zones that have
// dropped below their target. Sensor and valve errors are reported per zone;
// the returned error is only set if the context ends or the controller is
// closed.
func (c *Controller) Evaluate(ctx context.Context) ([]Decision, error) {
	var out []Decision
	for _, id := range c.Zones() {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		d := Decision{Zone: id}
		rh, err := c.hygro.RelativeHumidity(ctx, id)
		if err != nil {
			d.Err = fmt.Errorf("read humidity: %w", err)
			out = append(out, d)
			continue
		}
		d.RH = rh

		c.mu.Lock()
		z, ok := c.zones[id]
		c.mu.Unlock()
		if !ok {
			continue
		}
		t := z.tuning()
		if rh >= t.TargetRH-t.Hysteresis {
			out = append(out, d)
			continue
		}
		err = c.Mist(ctx, id, fmt.Sprintf("RH %.1f%% < target %.1f%%", rh, t.TargetRH))
		switch {
		case err == nil:
			d.Misted = true
		case errors.Is(err, ErrClosed):
			return out, err
		case errors.Is(err, ErrTooSoon), errors.Is(err, ErrUnknownZone):
		default:
			d.Err = err
		}
		out = append(out, d)
	}
	return out, nil
}
