package kiln

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

var (
	// ErrBusy is returned when a firing is already in progress.
	ErrBusy = errors.New("kiln: firing already in progress")
	// ErrProbeTimeout is returned when the probe does not answer in time.
	ErrProbeTimeout = errors.New("kiln: probe read timed out")
	// ErrOverTemp is returned when the kiln exceeds its rated temperature.
	ErrOverTemp = errors.New("kiln: over temperature")
)

// Report summarises a firing.
type Report struct {
	Schedule     string
	Segments     int
	PeakTemp     float64
	ProbeErrors  int
	Elapsed      time.Duration
	AbortedAtSeg int
}

type reading struct {
	temp float64
	err  error
}

// Fire runs the schedule to completion. The elements are switched off when
// Fire returns, whether or not the schedule completed.
func (c *Controller) Fire(ctx context.Context, s Schedule) (Report, error) {
	rep := Report{Schedule: s.Name}
	if err := s.Validate(c.cfg.MaxTemp); err != nil {
		return rep, err
	}
	if err := c.acquire(); err != nil {
		return rep, err
	}
	defer c.release()
	defer c.shutdown()

	start := time.Now()
	c.log.Printf("kiln: starting %q (%d segments)", s.Name, len(s.Segments))
	for i, seg := range s.Segments {
		if err := c.runSegment(ctx, i+1, seg, &rep); err != nil {
			rep.AbortedAtSeg = i + 1
			rep.Elapsed = time.Since(start)
			c.log.Printf("kiln: aborted %q in segment %d: %v", s.Name, i+1, err)
			return rep, fmt.Errorf("segment %d (%s): %w", i+1, seg.Name, err)
		}
		rep.Segments++
	}
	rep.Elapsed = time.Since(start)
	c.log.Printf("kiln: finished %q in %v, peak %.1f°C", s.Name, rep.Elapsed, rep.PeakTemp)
	return rep, nil
}

func (c *Controller) runSegment(ctx context.Context, n int, seg Segment, rep *Report) error {
	from, err := c.readTemp(ctx)
	if err != nil {
		return fmt.Errorf("initial read: %w", err)
	}
	dir := 1.0
	if seg.Target < from {
		dir = -1
	}
	ratePerSec := seg.Rate / 3600 * c.cfg.SimSpeed

	ticker := time.NewTicker(c.cfg.Tick)
	defer ticker.Stop()

	rampStart := time.Now()
	var holdUntil time.Time
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}

		temp, err := c.readTemp(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failures++
			rep.ProbeErrors++
			c.log.Printf("kiln: probe read failed (%d/%d): %v", failures, c.cfg.MaxProbeFailures, err)
			if failures >= c.cfg.MaxProbeFailures {
				return err
			}
			continue
		}
		failures = 0
		if temp > rep.PeakTemp {
			rep.PeakTemp = temp
		}
		if temp > c.cfg.MaxTemp {
			return fmt.Errorf("%w: %.1f°C", ErrOverTemp, temp)
		}

		setpoint := from + dir*ratePerSec*time.Since(rampStart).Seconds()
		if dir*(setpoint-seg.Target) >= 0 {
			setpoint = seg.Target
		}
		phase := "ramp"
		if holdUntil.IsZero() && setpoint == seg.Target && math.Abs(temp-seg.Target) <= c.cfg.Tolerance {
			holdUntil = time.Now().Add(c.scaled(seg.Hold))
		}
		if !holdUntil.IsZero() {
			phase = "hold"
			if !time.Now().Before(holdUntil) {
				return nil
			}
		}

		duty := clamp(c.cfg.Gain*(setpoint-temp), 0, 1)
		if err := c.elems.SetDuty(duty); err != nil {
			return fmt.Errorf("set duty: %w", err)
		}
		c.report(Progress{Segment: n, Phase: phase, Setpoint: setpoint, Temp: temp, Duty: duty})
	}
}

func (c *Controller) readTemp(ctx context.Context) (float64, error) {
	timer := time.NewTimer(c.cfg.ReadTimeout)
	defer timer.Stop()
	select {
	case r := <-c.sample():
		return r.temp, r.err
	case <-timer.C:
		return 0, ErrProbeTimeout
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (c *Controller) sample() <-chan reading {
	ch := make(chan reading, 1)
	go func() {
		t, err := c.probe.ReadCelsius()
		ch <- reading{temp: t, err: err}
	}()
	return ch
}
