package replay

import (
	"context"
	"time"
)

// maxGap caps how long the pacer sleeps between two ticks, so overnight or
// weekend gaps in a recording do not stall the replay.
const maxGap = 5 * time.Second

// pacer spaces ticks out so that the gap between two deliveries matches the
// recorded gap, divided by speed.
type pacer struct {
	clock Clock
	speed float64

	started  bool
	lastTick time.Time
	lastWall time.Time
}

func newPacer(c Clock, speed float64) *pacer {
	return &pacer{clock: c, speed: speed}
}

// wait blocks until the tick recorded at ts is due.
func (p *pacer) wait(ctx context.Context, ts time.Time) error {
	if p.speed <= 0 {
		return ctx.Err()
	}
	if !p.started {
		p.started = true
		p.lastTick, p.lastWall = ts, p.clock.Now()
		return ctx.Err()
	}
	gap := ts.Sub(p.lastTick)
	if gap < 0 {
		gap = 0
	}
	if gap > maxGap {
		gap = maxGap
	}
	due := p.lastWall.Add(time.Duration(float64(gap) / p.speed))
	p.lastTick = ts
	if d := due.Sub(p.clock.Now()); d > 0 {
		select {
		case <-p.clock.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.lastWall = due
	return nil
}
