package cachelocal

import "time"

type Config struct {
	Shards      int
	CleanWindow time.Duration
}

type Cache struct {
	close chan struct{}
	size  int
}

// New starts the cleaner only when the config asks for one.
func New(config Config) *Cache {
	cache := &Cache{close: make(chan struct{}), size: config.Shards}
	if config.CleanWindow > 0 {
		go func() {
			ticker := time.NewTicker(config.CleanWindow)
			defer ticker.Stop()
			for {
				select {
				case <-ticker.C:
				case <-cache.close:
					return
				}
			}
		}()
	}
	return cache
}

func (c *Cache) Close() { close(c.close) }

// WithShards returns a copy with more shards; the window stays as it was.
func (c Config) WithShards(n int) Config {
	c.Shards = n
	return c
}

func (c *Cache) Len() int { return c.size }

// Size keeps the config in a local first; it still asks for no cleaner.
func Size() int {
	config := Config{Shards: 1}
	c := New(config)
	return c.Len()
}

// Sharded changes a copy of the literal through a method that leaves the window alone.
func Sharded() int {
	config := Config{Shards: 1}.WithShards(4)
	c := New(config)
	return c.Len()
}

// Windowless writes the window out as zero.
func Windowless() int {
	c := New(Config{Shards: 1, CleanWindow: 0})
	return c.Len()
}
