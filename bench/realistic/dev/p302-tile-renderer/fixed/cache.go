package tiles

import (
	"container/list"
	"sync"
)

// LRU is an in-memory Cache that evicts the least recently used tile once it
// holds more than a fixed number of tiles.
type LRU struct {
	mu    sync.Mutex
	max   int
	order *list.List // front is most recently used
	items map[Key]*list.Element
}

// NewLRU returns an LRU holding at most max tiles.
func NewLRU(max int) *LRU {
	if max <= 0 {
		max = 1
	}
	return &LRU{max: max, order: list.New(), items: make(map[Key]*list.Element)}
}

// Get returns the cached tile for k, if any.
func (c *LRU) Get(k Key) (*Tile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*Tile), true
}

// Put stores t, evicting the least recently used tile if the cache is full.
func (c *LRU) Put(t *Tile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[t.Key]; ok {
		el.Value = t
		c.order.MoveToFront(el)
		return
	}
	c.items[t.Key] = c.order.PushFront(t)
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*Tile).Key)
	}
}

// Len returns the number of cached tiles.
func (c *LRU) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
