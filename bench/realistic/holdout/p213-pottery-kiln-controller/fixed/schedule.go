package kiln

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Segment is one step of a firing schedule: move to Target, then soak.
type Segment struct {
	Name   string
	Target float64
	Hold   time.Duration
}

// Schedule is an ordered list of segments, e.g. a cone 04 bisque.
type Schedule struct {
	Name     string
	Segments []Segment
}

// Validate checks the schedule before any element is switched on.
func (s Schedule) Validate() error {
	if len(s.Segments) == 0 {
		return errors.New("kiln: schedule has no segments")
	}
	for i, seg := range s.Segments {
		if seg.Target < 0 || seg.Target > 1300 {
			return fmt.Errorf("kiln: segment %d (%s): target %.0f°C out of range", i, seg.Name, seg.Target)
		}
		if seg.Hold < 0 {
			return fmt.Errorf("kiln: segment %d (%s): negative hold", i, seg.Name)
		}
	}
	return nil
}

// Fire runs the schedule to completion or until ctx is cancelled. The
// elements are left off when it returns.
func (c *Controller) Fire(ctx context.Context, s Schedule) error {
	if err := s.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	switch {
	case c.closed:
		c.mu.Unlock()
		return ErrClosed
	case c.fault != nil:
		err := c.fault
		c.mu.Unlock()
		return err
	case c.firing:
		c.mu.Unlock()
		return errors.New("kiln: already firing")
	}
	c.firing = true
	c.mu.Unlock()

	defer func() {
		c.mu.Lock()
		c.firing = false
		c.setpoint = c.temp
		c.mu.Unlock()
	}()

	for i, seg := range s.Segments {
		c.logger.Printf("kiln: %s: segment %d %q -> %.0f°C", s.Name, i+1, seg.Name, seg.Target)
		if err := c.runSegment(ctx, seg); err != nil {
			return fmt.Errorf("kiln: %s: segment %q: %w", s.Name, seg.Name, err)
		}
	}
	c.logger.Printf("kiln: %s: complete", s.Name)
	return nil
}

func (c *Controller) runSegment(ctx context.Context, seg Segment) error {
	c.mu.Lock()
	c.setpoint = seg.Target
	c.mu.Unlock()

	select {
	case err := <-c.reached(seg.Target):
		if err != nil {
			return err
		}
	case <-ctx.Done():
		return ctx.Err()
	}

	if seg.Hold == 0 {
		return nil
	}
	hold := time.NewTimer(seg.Hold)
	defer hold.Stop()
	select {
	case <-hold.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reached reports once the chamber is within tolerance of target, coming
// from either direction, or the controller can no longer get there.
func (c *Controller) reached(target float64) <-chan error {
	out := make(chan error, 1)
	go func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		heating := c.temp < target
		for c.fault == nil && !c.closed {
			if heating && c.temp >= target-c.cfg.tolerance {
				break
			}
			if !heating && c.temp <= target+c.cfg.tolerance {
				break
			}
			c.cond.Wait()
		}
		if c.fault == nil && c.closed {
			out <- ErrClosed
			return
		}
		out <- c.fault
	}()
	return out
}
