package fixed_ttl_cache

import (
	"context"
	"sync"
)

// run: c := NewCache(); c.Set("session:9", "alice"); c.Set("session:9", "bob"); c.Close()

type entry struct {
	value  string
	cancel context.CancelFunc
}

// Cache keeps values until they are replaced, deleted or the cache is closed; each entry has
// a goroutine that evicts it when its context ends.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*entry
}

func NewCache() *Cache { return &Cache{entries: map[string]*entry{}} }

func (c *Cache) evictWhenDone(ctx context.Context, key string, e *entry) {
	<-ctx.Done()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
}

func (c *Cache) Set(key, value string) {
	ctx, cancel := context.WithCancel(context.Background())
	e := &entry{value: value, cancel: cancel}
	c.mu.Lock()
	if old, ok := c.entries[key]; ok {
		old.cancel() // the replaced entry's evictor would otherwise wait forever
	}
	c.entries[key] = e
	c.mu.Unlock()
	go c.evictWhenDone(ctx, key, e)
}

// Close evicts every entry.
func (c *Cache) Close() {
	c.mu.Lock()
	live := make([]*entry, 0, len(c.entries))
	for _, e := range c.entries {
		live = append(live, e)
	}
	c.mu.Unlock()
	for _, e := range live {
		e.cancel()
	}
}
