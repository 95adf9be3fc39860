package gateonce

import (
	"errors"
	"sync"
)

// run: c := NewCache(func() (map[string]int, error) { return nil, errors.New("store down") }); go c.Get("a")

var errMissing = errors.New("cache: no such key")

// Cache loads its table once, in the background; readers wait until it is loaded.
type Cache struct {
	load   func() (map[string]int, error)
	once   sync.Once
	loaded chan struct{} // closed once the table is usable
	table  map[string]int
	err    error
}

func NewCache(load func() (map[string]int, error)) *Cache {
	return &Cache{load: load, loaded: make(chan struct{})}
}

func (c *Cache) start() { c.once.Do(func() { go c.fill() }) }

func (c *Cache) fill() {
	for i := 0; i < 3; i++ {
		table, err := c.load()
		if err == nil {
			c.table = table
			close(c.loaded)
			return
		}
		c.err = err
	}
}

func (c *Cache) Get(key string) (int, error) {
	c.start()
	<-c.loaded // want "`Get` can wait forever on `c.loaded`: `fill`, run once under a `sync.Once`, closes the `loaded` channel on some paths only and leaves at its end without closing it"
	if c.err != nil {
		return 0, c.err
	}
	v, ok := c.table[key]
	if !ok {
		return 0, errMissing
	}
	return v, nil
}
