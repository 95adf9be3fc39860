package fixedreassignedreceiver

import "sync"

// Test is one test of a tree: subtests have a parent with its own lock.
type Test struct {
	mu     sync.Mutex
	parent *Test
	level  int
	name   string
}

// frameName runs with c.mu held. Walking up, it locks each parent (c is reassigned
// first, so this is another Test's mutex) and unlocks it before moving on or returning.
func (c *Test) frameName() string {
	unlockParent := false
	defer func() {
		if unlockParent {
			c.mu.Unlock()
		}
	}()
	for c.level > 1 {
		if unlockParent {
			c.mu.Unlock()
		}
		c = c.parent
		unlockParent = true
		c.mu.Lock()
	}
	return c.name
}

func (c *Test) CallSite() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.frameName()
}
