package breach

import (
	"sync"
	"time"
)

// rangeCache keeps range responses for a while. Prefixes are shared by many
// passwords, so a warm cache absorbs most of the traffic during a signup rush.
type rangeCache struct {
	ttl time.Duration
	max int

	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	counts  map[string]int
	expires time.Time
}

func newRangeCache(ttl time.Duration, max int) *rangeCache {
	return &rangeCache{ttl: ttl, max: max, entries: make(map[string]cacheEntry)}
}

func (c *rangeCache) get(prefix string, now time.Time) (map[string]int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[prefix]
	if !ok {
		return nil, false
	}
	if now.After(e.expires) {
		delete(c.entries, prefix)
		return nil, false
	}
	return e.counts, true
}

func (c *rangeCache) put(prefix string, counts map[string]int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		c.evictLocked(now)
	}
	c.entries[prefix] = cacheEntry{counts: counts, expires: now.Add(c.ttl)}
}

// evictLocked drops expired entries and, if that is not enough, an arbitrary
// quarter of the rest. Map iteration order makes the choice effectively random.
func (c *rangeCache) evictLocked(now time.Time) {
	for p, e := range c.entries {
		if now.After(e.expires) {
			delete(c.entries, p)
		}
	}
	drop := len(c.entries) - c.max + c.max/4
	for p := range c.entries {
		if drop <= 0 {
			break
		}
		delete(c.entries, p)
		drop--
	}
}
