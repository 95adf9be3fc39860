package cache

import "time"

func (c *Cache) refresh() {
	ticker := time.NewTicker(c.interval)
	defer ticker.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-ticker.C:
			fresh, err := c.load()
			if err != nil {
				continue // keep serving the old snapshot
			}
			c.mu.Lock()
			c.snapshot = fresh
			c.version++
			v := c.version
			c.mu.Unlock()
			c.updates <- v // leak: nobody reads Updates() and Close cannot interrupt this send
		}
	}
}
