package refresh

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

func (c *Cache) Refresh() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
}

func (c *Cache) Load() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
}

// loadLocked expects c.mu to be held.
func (c *Cache) loadLocked() {
	c.items["k"] = 1
}

// Unlocked before the call that locks again.
func (c *Cache) Reload() {
	c.mu.Lock()
	c.items = map[string]int{}
	c.mu.Unlock()
	c.Load()
}
