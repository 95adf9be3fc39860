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
			select {
			case c.updates <- v:
			case <-c.done:
				return
			}
		}
	}
}
