package embedded

import "sync"

// run: c := &Counter{}; c.Add(-1); go c.Add(1)

// Counter counts non-negative amounts; its mutex is embedded.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Add(d int) bool {
	c.Lock() // want "`c` stays locked when `Add` returns at line 16"
	if d < 0 {
		return false
	}
	c.n += d
	c.Unlock()
	return true
}
