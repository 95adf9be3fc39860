package dnscache

import (
	"fmt"
	"sync"
	"time"
)

// entry is a cached reply. Negative replies have no records.
type entry struct {
	rcode   Rcode
	records []Record
	stored  time.Time
	expires time.Time
}

// lifetime is the TTL the entry was stored with.
func (e *entry) lifetime() time.Duration { return e.expires.Sub(e.stored) }

// needsRefresh reports whether less than ratio of the entry's lifetime is left.
func (e *entry) needsRefresh(now time.Time, ratio float64) bool {
	left := e.expires.Sub(now)
	return left < time.Duration(float64(e.lifetime())*ratio)
}

// result converts the entry into what Lookup returns, with record TTLs
// counting down from the time the entry was stored.
func (e *entry) result(q Question, now time.Time) ([]Record, error) {
	if e.rcode == RcodeNXDomain {
		return nil, fmt.Errorf("%s: %w", q, ErrNXDomain)
	}
	left := e.expires.Sub(now).Truncate(time.Second)
	out := make([]Record, len(e.records))
	for i, rr := range e.records {
		rr.TTL = left
		out[i] = rr
	}
	return out, nil
}

// cache is a bounded map of entries keyed by question. When it is full,
// expired entries are dropped, and arbitrary live ones until there is room.
type cache struct {
	mu      sync.RWMutex
	entries map[Question]*entry
	max     int
}

func newCache(max int) *cache {
	return &cache{entries: make(map[Question]*entry), max: max}
}

// get returns the live entry for q, if any.
func (c *cache) get(q Question, now time.Time) (*entry, bool) {
	c.mu.RLock()
	e, ok := c.entries[q]
	c.mu.RUnlock()
	if !ok || !now.Before(e.expires) {
		return nil, false
	}
	return e, true
}

// put stores e under q, making room if needed.
func (c *cache) put(q Question, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[q]; !ok && len(c.entries) >= c.max {
		for k, old := range c.entries {
			if !e.stored.Before(old.expires) || len(c.entries) >= c.max {
				delete(c.entries, k)
			}
		}
	}
	c.entries[q] = e
}
