package stub

import (
	"sync"
	"time"
)

type cacheEntry struct {
	resp     *Response
	stored   time.Time
	expires  time.Time
	negative bool
}

// cache maps questions to responses until they expire. When it is full it
// drops an arbitrary entry.
type cache struct {
	mu      sync.Mutex
	max     int
	entries map[Question]*cacheEntry
}

func newCache(max int) *cache {
	return &cache{max: max, entries: make(map[Question]*cacheEntry)}
}

// get returns the live entry for q.
func (c *cache) get(q Question, now time.Time) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[q]
	if !ok {
		return cacheEntry{}, false
	}
	if !now.Before(e.expires) {
		delete(c.entries, q)
		return cacheEntry{}, false
	}
	return *e, true
}

func (c *cache) put(q Question, resp *Response, ttl time.Duration, now time.Time) {
	if ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[q]; !ok && len(c.entries) >= c.max {
		for victim := range c.entries { // random eviction is good enough here
			delete(c.entries, victim)
			break
		}
	}
	c.entries[q] = &cacheEntry{resp: resp, stored: now, expires: now.Add(ttl), negative: resp.negative()}
}
