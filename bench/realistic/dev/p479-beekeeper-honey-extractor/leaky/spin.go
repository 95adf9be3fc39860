package extractor

import (
	"context"
	"fmt"
)

func (e *Extractor) runBasket(id int) {
	for {
		e.mu.Lock()
		if e.closed && len(e.queue) == 0 {
			e.mu.Unlock()
			e.log.Printf("basket %d: stopped", id)
			return
		}
		for len(e.queue) == 0 {
			e.work.Wait() // leak: woken by Close's Broadcast but the loop only looks at the queue, never at e.closed
		}
		j := e.queue[0]
		e.queue[0] = job{}
		e.queue = e.queue[1:]
		e.active++
		e.mu.Unlock()

		res := e.extract(j.ctx, id, j.frame)

		e.mu.Lock()
		e.active--
		e.finishLocked(j.batch, res)
		if e.active == 0 && len(e.queue) == 0 {
			e.idle.Broadcast()
		}
		e.mu.Unlock()
	}
}

// extract spins one frame and pours its honey into the settling tank.
// Frames that are not sufficiently capped are checked with the
// refractometer first: wet honey ferments in the bucket.
func (e *Extractor) extract(ctx context.Context, basket int, f Frame) FrameResult {
	res := FrameResult{FrameID: f.ID, Basket: basket}
	if err := ctx.Err(); err != nil {
		res.Err = err
		return res
	}
	if f.CappedPct < e.cfg.MinCappedPct {
		m, err := e.cfg.Refractometer.Moisture(ctx, f.ID)
		if err != nil {
			res.Err = fmt.Errorf("frame %s: moisture reading: %w", f.ID, err)
			return res
		}
		res.MoisturePct = m
		if m > e.cfg.MaxMoisturePct {
			res.Rejected = true
			res.Reason = fmt.Sprintf("moisture %.1f%% above %.1f%%, %d%% capped", m, e.cfg.MaxMoisturePct, f.CappedPct)
			e.log.Printf("basket %d: frame %s set aside: %s", basket, f.ID, res.Reason)
			return res
		}
	}
	for i, step := range e.cfg.Profile {
		if err := e.cfg.Motor.Spin(ctx, basket, step.RPM, step.Duration); err != nil {
			res.Err = fmt.Errorf("frame %s: spin step %d at %d rpm: %w", f.ID, i+1, step.RPM, err)
			return res
		}
	}
	grams := (f.GrossGrams - f.TareGrams) * e.cfg.EfficiencyPct / 100
	if grams <= 0 {
		res.Reason = "nothing extracted"
		return res
	}
	if err := e.cfg.Tank.Pour(ctx, e.cfg.Lot, grams); err != nil {
		res.Err = fmt.Errorf("frame %s: pouring %d g into lot %s: %w", f.ID, grams, e.cfg.Lot, err)
		return res
	}
	res.Grams = grams
	return res
}
