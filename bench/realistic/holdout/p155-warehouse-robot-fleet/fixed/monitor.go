package fleet

import (
	"context"
	"sort"
	"time"
)

// Start begins checking heartbeats in the background.
func (c *Controller) Start() {
	ticker := c.cfg.Clock.NewTicker(c.cfg.CheckInterval)
	go c.monitor(c.ctx, ticker)
}

// Stop ends heartbeat monitoring and aborts in-flight dispatches. Done is
// closed once the monitor has exited.
func (c *Controller) Stop() { c.cancel() }

// Done is closed when the monitor started by Start has exited.
func (c *Controller) Done() <-chan struct{} { return c.done }

func (c *Controller) monitor(ctx context.Context, t Ticker) {
	defer close(c.done)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C():
			c.reapLost(now)
		}
	}
}

// reapLost marks robots whose heartbeats have lapsed as lost and puts their
// tasks back at the front of the queue.
func (c *Controller) reapLost(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()

	var requeue []Task
	for _, r := range c.sortedRobots() {
		if r.lost || now.Sub(r.lastSeen) < c.cfg.HeartbeatTimeout {
			continue
		}
		r.lost = true
		c.cfg.Logger.Printf("fleet: robot %s lost (silent for %v)", r.id, now.Sub(r.lastSeen))
		if r.current != nil {
			requeue = append(requeue, *r.current)
			delete(c.assigned, r.current.ID)
			r.current = nil
		}
	}
	if len(requeue) > 0 {
		c.queue = append(requeue, c.queue...)
		c.dispatchLocked()
	}
}

// dispatchLocked hands queued tasks to idle robots in ID order. A robot whose
// dispatch fails is skipped until the next round. c.mu must be held.
func (c *Controller) dispatchLocked() {
	for _, r := range c.sortedRobots() {
		if len(c.queue) == 0 {
			return
		}
		if !r.idle() {
			continue
		}
		task := c.queue[0]
		ctx, cancel := context.WithTimeout(c.ctx, c.cfg.DispatchTimeout)
		err := c.cfg.Dispatcher.Dispatch(ctx, r.id, task)
		cancel()
		if err != nil {
			c.cfg.Logger.Printf("fleet: dispatch %s to %s: %v", task.ID, r.id, err)
			continue
		}
		c.queue = c.queue[1:]
		r.current = &task
		c.assigned[task.ID] = r.id
	}
}

func (c *Controller) sortedRobots() []*robot {
	rs := make([]*robot, 0, len(c.robots))
	for _, r := range c.robots {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].id < rs[j].id })
	return rs
}
