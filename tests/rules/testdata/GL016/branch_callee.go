package branchcallee

import "sync"

// run: c := &Cache{m: map[string]int{}}; go c.Get("missing")

// Cache loads missing keys on demand.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v
	}
	c.refresh() // want "`c.refresh` takes `c.mu` again \(Lock\) while this goroutine already holds it since line 14: it blocks forever"
	return c.m[k]
}

func (c *Cache) refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m["loaded"] = 1
}
