package tension

import (
	"context"
	"time"
)

// State is where a loom's worker is in its cycle.
type State int

// Worker states.
const (
	StateQueued State = iota
	StateWaiting
	StateWeaving
	StateDone
	StateFaulted
	StateStopped
)

func (s State) String() string {
	switch s {
	case StateQueued:
		return "queued"
	case StateWaiting:
		return "waiting"
	case StateWeaving:
		return "weaving"
	case StateDone:
		return "done"
	case StateFaulted:
		return "faulted"
	case StateStopped:
		return "stopped"
	}
	return "unknown"
}

type station struct {
	order       Order
	state       State
	tension     float64
	lastReading time.Time
	streak      int
	woven       int
	err         error
}

func (c *Controller) run(ctx context.Context, st *station) {
	id := st.order.Loom.ID()
	for {
		n, ok := c.awaitTension(st)
		if !ok {
			return
		}
		laid, err := st.order.Loom.WeavePicks(ctx, n)

		c.mu.Lock()
		st.woven += laid
		switch {
		case err != nil:
			st.state = StateFaulted
			st.err = err
		case st.woven >= st.order.Picks:
			st.state = StateDone
		}
		state, woven := st.state, st.woven
		c.mu.Unlock()

		switch state {
		case StateFaulted:
			c.opts.logger.Printf("loom %s: fault after %d picks: %v", id, woven, err)
			return
		case StateDone:
			c.opts.logger.Printf("loom %s: order %s complete, %d picks", id, st.order.Style, woven)
			return
		}
	}
}

// awaitTension blocks until the warp has settled in band, and returns the
// size of the next batch. It returns false once the controller is stopping.
func (c *Controller) awaitTension(st *station) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for !c.stopping && st.streak < c.opts.settle {
		st.state = StateWaiting
		c.cond.Wait()
	}
	if c.stopping {
		st.state = StateStopped
		c.opts.logger.Printf("loom %s: stopped at %d/%d picks", st.order.Loom.ID(), st.woven, st.order.Picks)
		return 0, false
	}
	st.state = StateWeaving
	n := st.order.Picks - st.woven
	if n > c.opts.batch {
		n = c.opts.batch
	}
	return n, true
}
