package yaw

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// align turns one turbine into the wind described by s.
func (c *Controller) align(ctx context.Context, s WindShift) error {
	mu, st, err := c.lookup(s.Turbine)
	if err != nil {
		return err
	}
	mu.Lock() // leak: the brake-engaged path below returns without Unlock
	if s.At.Before(st.lastShift) {
		mu.Unlock()
		return nil
	}
	st.lastShift = s.At

	heading, err := c.drive.Heading(ctx, s.Turbine)
	if err != nil {
		mu.Unlock()
		return fmt.Errorf("reading heading: %w", err)
	}
	st.headingDeg = heading
	delta := shortestTurn(heading, s.DirectionDeg)
	if math.Abs(delta) < c.deadband {
		mu.Unlock()
		return nil
	}

	kind := Aligned
	if math.Abs(st.twistDeg+delta) > c.maxTwist {
		delta -= math.Copysign(360, delta)
		kind = Unwound
		c.log.Printf("yaw: %s: twist %.0f° at limit, unwinding %.0f°", s.Turbine, st.twistDeg, delta)
	}

	rctx, cancel := context.WithTimeout(ctx, c.rotateTimeout)
	err = c.drive.Rotate(rctx, s.Turbine, delta)
	cancel()
	if errors.Is(err, ErrBrakeEngaged) {
		if !st.held {
			c.log.Printf("yaw: %s: brake engaged, holding at %.0f°", s.Turbine, heading)
		}
		st.held = true
		c.observer(Event{Turbine: s.Turbine, Kind: Held, HeadingDeg: heading, TwistDeg: st.twistDeg, At: time.Now()})
		return nil
	}
	if err != nil {
		mu.Unlock()
		return fmt.Errorf("rotating %.0f°: %w", delta, err)
	}

	st.held = false
	st.twistDeg += delta
	st.headingDeg = normalize(heading + delta)
	ev := Event{Turbine: s.Turbine, Kind: kind, HeadingDeg: st.headingDeg, TwistDeg: st.twistDeg, At: time.Now()}
	mu.Unlock()
	c.observer(ev)
	return nil
}

// shortestTurn returns the signed rotation, in (-180, 180], from heading to target.
func shortestTurn(heading, target float64) float64 {
	d := math.Mod(target-heading, 360)
	switch {
	case d > 180:
		d -= 360
	case d <= -180:
		d += 360
	}
	return d
}

func normalize(deg float64) float64 {
	deg = math.Mod(deg, 360)
	if deg < 0 {
		deg += 360
	}
	return deg
}
