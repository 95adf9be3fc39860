package kiln

import (
	"context"
	"fmt"
	"time"
)

func (c *Controller) fire(ctx context.Context, k *kiln) {
	defer close(k.done)
	t := time.NewTicker(c.tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			c.finish(k, StateAborted, ctx.Err())
			return
		case <-t.C:
		}
		done, err := c.step(ctx, k)
		if err != nil {
			c.finish(k, StateFaulted, err)
			return
		}
		if done {
			c.finish(k, StateComplete, nil)
			return
		}
	}
}

// step runs one control period: read, compute the setpoint and drive the
// elements. It reports whether the schedule is finished.
func (c *Controller) step(ctx context.Context, k *kiln) (bool, error) {
	temp, readErr := k.hw.Thermocouple.ReadC(ctx)

	k.mu.Lock() // leak: a previous step returned on a transient sensor error without unlocking
	now := c.clock.Now()
	if readErr != nil {
		k.sensorFaults++
		if k.sensorFaults >= c.maxSensorFaults {
			k.mu.Unlock()
			return false, fmt.Errorf("thermocouple: %d consecutive failures: %w", c.maxSensorFaults, readErr)
		}
		c.logger.Printf("kiln %s: thermocouple read failed (%d/%d), keeping duty %.2f: %v",
			k.id, k.sensorFaults, c.maxSensorFaults, k.duty, readErr)
		return false, nil
	}
	k.sensorFaults = 0
	k.tempC = temp

	sp, seg, finished := k.sched.setpoint(now.Sub(k.started))
	if seg != k.segment {
		c.logger.Printf("kiln %s: entering segment %d at %.0f°C", k.id, seg+1, temp)
	}
	k.segment = seg
	k.setpoint = sp
	duty := clamp(c.gain*(sp-temp), 0, 1)
	if finished {
		duty = 0
	}
	k.duty = duty
	k.mu.Unlock()

	if err := k.hw.Elements.SetDuty(ctx, duty); err != nil {
		return false, fmt.Errorf("elements: %w", err)
	}
	return finished, nil
}

func (c *Controller) finish(k *kiln, st State, err error) {
	offCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if offErr := k.hw.Elements.SetDuty(offCtx, 0); offErr != nil {
		c.logger.Printf("kiln %s: could not switch elements off: %v", k.id, offErr)
	}
	k.mu.Lock()
	k.state = st
	k.duty = 0
	k.err = err
	k.mu.Unlock()
	c.logger.Printf("kiln %s: firing %s", k.id, st)
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
