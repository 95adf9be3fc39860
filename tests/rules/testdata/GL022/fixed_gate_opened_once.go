package fixedgateonce

import (
	"errors"
	"sync"
)

// run: c := NewCache(func() (map[string]int, error) { return nil, errors.New("store down") }); _, _ = c.Get("a")

// Cache loads its table once; the gate opens whether the load worked or not.
type Cache struct {
	load   func() (map[string]int, error)
	once   sync.Once
	loaded chan struct{}
	table  map[string]int
	err    error
}

func NewCache(load func() (map[string]int, error)) *Cache {
	return &Cache{load: load, loaded: make(chan struct{})}
}

func (c *Cache) start() { c.once.Do(func() { go c.fill() }) }

func (c *Cache) fill() {
	defer close(c.loaded)
	for i := 0; i < 3; i++ {
		table, err := c.load()
		if err == nil {
			c.table = table
			return
		}
		c.err = err
	}
}

func (c *Cache) Get(key string) (int, error) {
	c.start()
	<-c.loaded
	if c.err != nil {
		return 0, c.err
	}
	return c.table[key], nil
}

// Pool's opener is not run once: a later call may still open the gate.
type Pool struct {
	up chan struct{}
	n  int
}

func (p *Pool) Dial(ok bool) error {
	if !ok {
		return errors.New("pool: refused")
	}
	p.n++
	close(p.up)
	return nil
}

func (p *Pool) Wait() { <-p.up }
