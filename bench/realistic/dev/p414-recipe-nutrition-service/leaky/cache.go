package nutrition

import (
	"sync"
	"time"
)

type cacheEntry struct {
	facts   Facts
	expires time.Time
}

// cache is a TTL cache of ingredient facts.
type cache struct {
	clock Clock
	ttl   time.Duration

	mu      sync.Mutex
	entries map[string]cacheEntry
}

func newCache(clock Clock, ttl time.Duration) *cache {
	return &cache{clock: clock, ttl: ttl, entries: make(map[string]cacheEntry)}
}

func (c *cache) get(key string) (Facts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok {
		return Facts{}, false
	}
	if !c.clock.Now().Before(e.expires) {
		delete(c.entries, key)
		return Facts{}, false
	}
	return e.facts, true
}

func (c *cache) put(key string, f Facts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[key] = cacheEntry{facts: f, expires: c.clock.Now().Add(c.ttl)}
}
