// evict ranges over its ticker's ticks with no way out: it never returns, and there is
// no context or stop channel for it to leave on. It runs as long as the client that
// started it, and uses its ticker all that time (TICKS_NEVER_END): the ticker is not
// what leaks.
package ticksforgood

import (
	"sync"
	"time"
)

type clients struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

func (c *clients) evict(maxAge time.Duration) {
	ticker := time.NewTicker(maxAge / 2)
	for range ticker.C {
		c.mu.Lock()
		for id, at := range c.seen {
			if time.Since(at) > maxAge {
				delete(c.seen, id)
			}
		}
		c.mu.Unlock()
	}
}

func newClients(maxAge time.Duration) *clients {
	c := &clients{seen: map[string]time.Time{}}
	go c.evict(maxAge)
	return c
}
