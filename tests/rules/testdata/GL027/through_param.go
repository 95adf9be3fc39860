package throughparam

import "sync"

// run: c := &Cache{}; go func() { _ = c.Get("a") }()

// Cache fills itself the first time it is read.
type Cache struct {
	once  sync.Once
	items map[string]int
}

// Get reads one item.
func (c *Cache) Get(key string) int {
	c.once.Do(func() { warm(c) }) // want "`c.once.Do` is entered again from inside the function literal it runs \\(through `warm`, then `c.Get`\\)"
	return c.items[key]
}

// warm fills the cache, and checks one entry on the way.
func warm(c *Cache) {
	c.items = map[string]int{"a": 1}
	if c.Get("a") != 1 {
		c.items = nil
	}
}
