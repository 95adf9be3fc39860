package lockkeeper

import "sync"

// chamber serialises vessels through the single lock chamber.
type chamber struct {
	mu       sync.Mutex
	cond     *sync.Cond
	occupied bool
	closed   bool
	waiting  int
	level    Level
	cycles   int
}

func newChamber(initial Level) *chamber {
	c := &chamber{level: initial}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// acquire blocks until the chamber is free and reserves it. It reports
// the level the chamber was left at by the previous vessel.
func (c *chamber) acquire() (Level, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	c.waiting++
	for c.occupied && !c.closed {
		c.cond.Wait()
	}
	c.waiting--

	if c.closed {
		return c.level, ErrClosed
	}
	c.occupied = true
	return c.level, nil
}

// release hands the chamber to the next vessel in the queue, recording the
// level the chamber was left at.
func (c *chamber) release(left Level) {
	c.mu.Lock()
	c.occupied = false
	c.level = left
	c.cycles++
	c.mu.Unlock()
	c.cond.Signal()
}

// shut stops admitting vessels.
func (c *chamber) shut() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cond.Broadcast()
}

func (c *chamber) snapshot() (waiting, cycles int, occupied bool, level Level) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiting, c.cycles, c.occupied, c.level
}
