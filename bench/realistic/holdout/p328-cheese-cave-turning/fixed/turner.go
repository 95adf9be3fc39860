package cave

import (
	"context"
	"errors"
	"fmt"
	"time"
)

type turnResult struct {
	id    string
	shelf int
	slot  int
	at    time.Time
	err   error
}

func (c *Cave) run(ctx context.Context) {
	defer close(c.done)
	t := time.NewTicker(c.cfg.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.stop:
			return
		case <-t.C:
		}
		n, err := c.turnRound(ctx)
		if err != nil {
			c.log.Printf("cave %s: round aborted: %v", c.cfg.Name, err)
			c.alert.Alert(ctx, err.Error())
			continue
		}
		if n > 0 {
			c.log.Printf("cave %s: turned %d wheels", c.cfg.Name, n)
		}
	}
}

// turnRound turns every wheel that is due and records the result. The
// arm is driven without holding the lock so the cave stays usable during
// a long round.
func (c *Cave) turnRound(ctx context.Context) (int, error) {
	now := c.clock.Now()
	c.mu.Lock()
	due := c.dueLocked(now)
	c.mu.Unlock()
	if len(due) == 0 {
		return 0, nil
	}

	results := make([]turnResult, 0, len(due))
	for _, w := range due {
		err := c.arm.Turn(ctx, w.Shelf, w.Slot)
		results = append(results, turnResult{id: w.ID, shelf: w.Shelf, slot: w.Slot, at: c.clock.Now(), err: err})
		if errors.Is(err, ErrShelfJammed) || ctx.Err() != nil {
			break
		}
	}

	turned := 0
	c.mu.Lock()
	for _, r := range results {
		w, ok := c.wheels[r.id]
		if !ok {
			continue
		}
		switch {
		case r.err == nil:
			w.LastTurned = r.at
			w.Turns++
			turned++
		case errors.Is(r.err, ErrShelfJammed):
			c.jammed[r.shelf] = true
			c.mu.Unlock()
			return turned, fmt.Errorf("cave %s: shelf %d jammed at slot %d (%s): %w",
				c.cfg.Name, r.shelf, r.slot, r.id, r.err)
		default:
			w.Missed++
			c.log.Printf("cave %s: could not turn %s: %v", c.cfg.Name, r.id, r.err)
		}
	}
	c.mu.Unlock()
	return turned, nil
}
