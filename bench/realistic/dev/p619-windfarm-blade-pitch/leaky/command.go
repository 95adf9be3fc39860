package pitch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
)

// SetPitch moves one blade toward the requested angle, limited by the slew
// rate since the blade's previous set-point. It returns the angle actually
// commanded.
func (c *Controller) SetPitch(ctx context.Context, bladeIdx int, degrees float64) (float64, error) {
	if c.closed() {
		return 0, ErrClosed
	}
	if bladeIdx < 0 || bladeIdx >= c.cfg.Blades {
		return 0, fmt.Errorf("%w: %d", ErrBadBlade, bladeIdx)
	}
	if math.IsNaN(degrees) {
		return 0, errors.New("pitch: NaN set-point")
	}
	degrees = math.Max(c.cfg.MinAngle, math.Min(c.cfg.MaxAngle, degrees))
	now := c.cfg.Clock()

	c.mu.Lock()
	b := &c.blades[bladeIdx]
	target := degrees
	if c.cfg.MaxRate > 0 && !b.lastCmd.IsZero() {
		step := c.cfg.MaxRate * now.Sub(b.lastCmd).Seconds()
		target = math.Max(b.commanded-step, math.Min(b.commanded+step, degrees))
	}
	if c.mode == ModeFeathered && target < c.cfg.FeatherAngle {
		c.cfg.Logger.Printf("blade %d: set-point %.1f° refused, feathered (%s)", bladeIdx, degrees, c.reason)
		return b.commanded, fmt.Errorf("%w: blade %d to %.1f°", ErrFeathered, bladeIdx, degrees)
	}
	b.commanded = target
	b.lastCmd = now
	c.mu.Unlock()

	if err := c.act.SetAngle(ctx, bladeIdx, target); err != nil {
		c.mu.Lock()
		b.faults++
		c.mu.Unlock()
		return target, fmt.Errorf("pitch: drive %d: %w", bladeIdx, err)
	}

	c.mu.Lock()
	b.actual = target
	c.mu.Unlock()
	return target, nil
}

// SetCollective sends the same set-point to every blade.
func (c *Controller) SetCollective(ctx context.Context, degrees float64) error {
	var errs []error
	for i := 0; i < c.cfg.Blades; i++ {
		if _, err := c.SetPitch(ctx, i, degrees); err != nil {
			errs = append(errs, err)
		}
	}
	return combine(errs)
}

// Feather drives every blade to the feather angle at full speed, bypassing
// the slew limit, and keeps the rotor feathered until Release.
func (c *Controller) Feather(ctx context.Context, reason string) error {
	if c.closed() {
		return ErrClosed
	}
	c.mu.Lock()
	c.mode = ModeFeathered
	c.reason = reason
	now := c.cfg.Clock()
	for i := range c.blades {
		c.blades[i].commanded = c.cfg.FeatherAngle
		c.blades[i].lastCmd = now
	}
	c.mu.Unlock()
	c.cfg.Logger.Printf("feathering rotor: %s", reason)

	var errs []error
	for i := 0; i < c.cfg.Blades; i++ {
		err := c.act.SetAngle(ctx, i, c.cfg.FeatherAngle)
		c.mu.Lock()
		if err != nil {
			c.blades[i].faults++
			errs = append(errs, fmt.Errorf("pitch: feather drive %d: %w", i, err))
		} else {
			c.blades[i].actual = c.cfg.FeatherAngle
		}
		c.mu.Unlock()
	}
	return combine(errs)
}

// Release returns the rotor to normal operation. Blades stay at feather
// until the next set-point.
func (c *Controller) Release(reason string) error {
	if c.closed() {
		return ErrClosed
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, b := range c.blades {
		if b.faults > 0 {
			return fmt.Errorf("pitch: blade %d has %d drive faults, reset first", i, b.faults)
		}
	}
	c.cfg.Logger.Printf("rotor released from %q: %s", c.reason, reason)
	c.mode = ModeOperating
	c.reason = ""
	return nil
}

func combine(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	rest := make([]string, 0, len(errs)-1)
	for _, e := range errs[1:] {
		rest = append(rest, e.Error())
	}
	return fmt.Errorf("%w; also: %s", errs[0], strings.Join(rest, "; "))
}
