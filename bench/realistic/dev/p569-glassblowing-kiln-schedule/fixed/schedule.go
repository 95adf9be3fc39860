package kiln

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Segment is one step of a firing schedule: ramp at Rate degrees per hour
// towards Target, then hold there for Hold. A zero Rate means "as fast as
// possible" (full power until the target is reached).
type Segment struct {
	Name   string
	Rate   float64
	Target float64
	Hold   time.Duration
}

// Schedule is an ordered list of segments, e.g. a full fuse followed by
// an anneal soak and a controlled cool.
type Schedule struct {
	Name     string
	Segments []Segment
}

// Validate checks the schedule against the controller limits.
func (s Schedule) Validate(maxTemp float64) error {
	if len(s.Segments) == 0 {
		return errors.New("kiln: empty schedule")
	}
	for i, seg := range s.Segments {
		if seg.Target > maxTemp {
			return fmt.Errorf("kiln: segment %d (%s) target %.0f above limit %.0f", i, seg.Name, seg.Target, maxTemp)
		}
		if seg.Rate < 0 || seg.Hold < 0 {
			return fmt.Errorf("kiln: segment %d (%s) has negative rate or hold", i, seg.Name)
		}
	}
	return nil
}

// setpoint computes the target temperature elapsed into a segment that
// started from the given temperature.
func (seg Segment) setpoint(start float64, elapsed time.Duration) (float64, bool) {
	if seg.Rate == 0 {
		return seg.Target, false
	}
	delta := seg.Rate * elapsed.Hours()
	if seg.Target < start {
		sp := start - delta
		if sp <= seg.Target {
			return seg.Target, true
		}
		return sp, false
	}
	sp := start + delta
	if sp >= seg.Target {
		return seg.Target, true
	}
	return sp, false
}

func average(temps map[string]float64) float64 {
	var sum float64
	for _, t := range temps {
		sum += t
	}
	return sum / float64(len(temps))
}

// Run fires the schedule until it completes, ctx is cancelled, or a fault
// is detected. On any exit the elements are switched off.
func (c *Controller) Run(ctx context.Context, sched Schedule) error {
	if err := sched.Validate(c.cfg.MaxTemp); err != nil {
		return err
	}
	defer c.allOff()

	ticker := time.NewTicker(c.cfg.Tick)
	defer ticker.Stop()

	temps, err := c.readZones(ctx)
	if err != nil {
		return fmt.Errorf("kiln: initial read: %w", err)
	}
	start := average(temps)
	c.log.Printf("kiln: starting %q at %.1f°C", sched.Name, start)

	for i, seg := range sched.Segments {
		segStart := c.now()
		var holdStart time.Time
		for {
			select {
			case <-ctx.Done():
				c.setStatus(i, 0, temps, false)
				return ctx.Err()
			case <-ticker.C:
			}
			temps, err = c.readZones(ctx)
			if err != nil {
				c.setStatus(i, 0, nil, false)
				return fmt.Errorf("kiln: segment %d (%s): %w", i, seg.Name, err)
			}
			if err := c.checkSpread(temps); err != nil {
				c.setStatus(i, 0, temps, false)
				return err
			}
			sp, reached := seg.setpoint(start, c.now().Sub(segStart))
			if seg.Rate == 0 && average(temps) >= seg.Target {
				reached = true
			}
			c.setStatus(i, sp, temps, true)
			if err := c.drive(sp, temps); err != nil {
				return fmt.Errorf("kiln: segment %d (%s): %w", i, seg.Name, err)
			}
			if !reached {
				continue
			}
			if holdStart.IsZero() {
				holdStart = c.now()
				c.log.Printf("kiln: segment %s reached %.0f°C, holding %s", seg.Name, seg.Target, seg.Hold)
			}
			if c.now().Sub(holdStart) >= seg.Hold {
				break
			}
		}
		start = seg.Target
	}
	c.setStatus(len(sched.Segments)-1, start, temps, false)
	c.log.Printf("kiln: schedule %q complete", sched.Name)
	return nil
}
