package lockedparamwrong

import "sync"

// Counter's helper locks unless told the caller holds the lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) value(locked bool) int {
	if !locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	return c.n
}

// Bump holds c.mu but tells the helper it does not.
func (c *Counter) Bump() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.value(false) // want "`c.value` takes `c.mu` again \\(Lock\\) while this goroutine already holds it since line 21"
}
