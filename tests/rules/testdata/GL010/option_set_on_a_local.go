package cachelocalset

import "time"

// run: _ = Size()

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

// WithWindow returns a copy that cleans every `d`.
func (c Config) WithWindow(d time.Duration) Config {
	c.CleanWindow = d
	return c
}

func (c *Cache) Len() int { return c.size }

// Size sets the window on the local before the call: the cleaner starts, and
// nothing stops it.
func Size() int {
	config := Config{Shards: 1}
	config.CleanWindow = time.Minute
	c := New(config) // want "`New` starts a goroutine, which runs until `Close` stops it; nothing calls `c.Close\(\)` here"
	return c.Len()
}

// Windowed sets the window through a method of the copy: the cleaner starts.
func Windowed() int {
	config := Config{Shards: 1}.WithWindow(time.Minute)
	c := New(config) // want "`New` starts a goroutine, which runs until `Close` stops it; nothing calls `c.Close\(\)` here"
	return c.Len()
}
