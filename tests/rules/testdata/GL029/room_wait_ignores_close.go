package barrier

import (
	"context"
	"sync"
	"time"
)

// run: c := NewController(1); c.Arrive(2); c.Arrive(3); time.Sleep(100 * time.Millisecond); c.Close()

// Controller admits queued cars into a garage while it has room.
type Controller struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []int
	free   int
	closed bool
	since  time.Time
}

// NewController starts the goroutine that lifts the barrier.
func NewController(bays int) *Controller {
	c := &Controller{free: bays, since: time.Now()}
	c.cond = sync.NewCond(&c.mu)
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.run()
	return c
}

// Arrive queues a car at the barrier.
func (c *Controller) Arrive(car int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.queue = append(c.queue, car)
	c.cond.Signal()
}

// Depart frees the bay of a car that leaves.
func (c *Controller) Depart() {
	c.mu.Lock()
	c.free++
	c.mu.Unlock()
	c.cond.Broadcast()
}

// Close turns the queued cars away and stops the barrier.
func (c *Controller) Close() []int {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	turned := c.queue
	c.queue = nil
	c.mu.Unlock()
	c.cancel()
	c.cond.Broadcast()
	return turned
}

func (c *Controller) hasRoom(size int) bool { return c.free >= size }

func (c *Controller) run() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.cond.Wait()
		}
		if c.closed {
			c.mu.Unlock()
			return
		}
		car := c.queue[0]
		for !c.hasRoom(1) || car < 0 {
			c.cond.Wait() // want "`c.cond.Wait\\(\\)` may never return once `Close` has run: it sets `c.closed` and wakes the waiters, but this loop does not test `c.closed`, unlike the goroutine's other wait loop at line 73"
		}
		if len(c.queue) > 0 {
			c.queue = c.queue[1:]
		}
		c.free--
		c.mu.Unlock()
	}
}
