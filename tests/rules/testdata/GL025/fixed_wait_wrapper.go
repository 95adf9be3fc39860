package fixedwaitwrapper

import "sync"

// flusherCond wraps a condition so that its Unlock can look at the queue; its Wait
// passes straight through, and the loop is where it is called.
type flusherCond struct {
	mu    *sync.Mutex
	cond  sync.Cond
	queue []int
}

func (c *flusherCond) init(mu *sync.Mutex) {
	c.mu = mu
	c.cond.L = mu
}

func (c *flusherCond) Signal() { c.cond.Signal() }

func (c *flusherCond) Wait() {
	// The caller re-checks its condition around this.
	c.cond.Wait()
}

func flush(c *flusherCond) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.queue) == 0 {
		c.Wait()
	}
	v := c.queue[0]
	c.queue = c.queue[1:]
	return v
}
