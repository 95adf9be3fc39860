package autocomplete

import (
	"container/list"
	"strings"
	"sync"
	"time"
)

// Clock tells the time. It exists so that expiry can be tested.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// cacheEntry holds the suggestions computed for one prefix.
type cacheEntry struct {
	prefix string
	sugg   []Suggestion
	// complete reports whether sugg holds every suggestion for prefix,
	// i.e. the backend returned fewer results than were asked for. A
	// complete entry can answer any longer prefix by filtering.
	complete bool
	expires  time.Time
}

// prefixCache is a size-bounded LRU cache of suggestions keyed by prefix,
// with a per-entry time to live.
type prefixCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	clock Clock
	ll    *list.List // front is most recently used
	items map[string]*list.Element
}

func newPrefixCache(capacity int, ttl time.Duration, clock Clock) *prefixCache {
	return &prefixCache{
		max:   capacity,
		ttl:   ttl,
		clock: clock,
		ll:    list.New(),
		items: make(map[string]*list.Element),
	}
}

// get returns the suggestions for prefix. Besides exact hits it answers from
// the longest cached complete entry for a shorter prefix.
func (c *prefixCache) get(prefix string) ([]Suggestion, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	for i := len(prefix); i > 0; i-- {
		el, ok := c.items[prefix[:i]]
		if !ok {
			continue
		}
		e := el.Value.(*cacheEntry)
		if now.After(e.expires) {
			c.removeLocked(el)
			continue
		}
		if i == len(prefix) {
			c.ll.MoveToFront(el)
			return e.sugg, true
		}
		if !e.complete {
			continue
		}
		c.ll.MoveToFront(el)
		return filterPrefix(e.sugg, prefix), true
	}
	return nil, false
}

// put stores the suggestions for prefix, evicting the least recently used
// entries if the cache is full.
func (c *prefixCache) put(prefix string, sugg []Suggestion, complete bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &cacheEntry{
		prefix:   prefix,
		sugg:     sugg,
		complete: complete,
		expires:  c.clock.Now().Add(c.ttl),
	}
	if el, ok := c.items[prefix]; ok {
		el.Value = e
		c.ll.MoveToFront(el)
		return
	}
	c.items[prefix] = c.ll.PushFront(e)
	for c.ll.Len() > c.max {
		c.removeLocked(c.ll.Back())
	}
}

func (c *prefixCache) removeLocked(el *list.Element) {
	c.ll.Remove(el)
	delete(c.items, el.Value.(*cacheEntry).prefix)
}

func filterPrefix(sugg []Suggestion, prefix string) []Suggestion {
	out := make([]Suggestion, 0, len(sugg))
	for _, s := range sugg {
		if strings.HasPrefix(s.Text, prefix) {
			out = append(out, s)
		}
	}
	return out
}
