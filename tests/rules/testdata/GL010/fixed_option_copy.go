package cache

import "time"

// Config is taken by value: the constructor's calls cannot change the caller's fields.
type Config struct {
	Shards      int
	CleanWindow time.Duration
}

func (c Config) shardSize() int { return c.Shards * 1024 }

type Cache struct {
	close chan struct{}
	size  int
	shard []int
}

func initShard(c Config) []int { return make([]int, c.shardSize()) }

// New starts the cleaner only when the config asks for one.
func New(config Config) *Cache {
	cache := &Cache{close: make(chan struct{}), size: config.shardSize(), shard: initShard(config)}
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

func (c *Cache) Len() int { return c.size }

// Size makes a cache without a cleaner: nothing runs that Close would stop.
func Size() int {
	c := New(Config{Shards: 1})
	return c.Len()
}
