package refresh

import "sync"

// run: go (&Cache{items: map[string]int{}}).Refresh()

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.load() // want "`load` locks `c.mu` again while the caller holds it since line 13: this goroutine blocks forever"
}

func (c *Cache) load() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items["k"] = 1
}
