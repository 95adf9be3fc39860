// Package cache keeps a snapshot of remote settings fresh in the background and
// tells listeners when it changes.
package cache

import (
	"sync"
	"time"
)

// Loader fetches the current settings from wherever they live.
type Loader func() (map[string]string, error)

// Option configures a Cache.
type Option func(*Cache)

// WithInterval sets how often the settings are reloaded.
func WithInterval(d time.Duration) Option {
	return func(c *Cache) { c.interval = d }
}

// Cache holds the last good snapshot.
type Cache struct {
	load     Loader
	interval time.Duration

	mu       sync.RWMutex
	snapshot map[string]string
	version  int

	updates chan int
	done    chan struct{}
	stopped sync.Once
}

// New starts a cache and its refresher.
func New(load Loader, opts ...Option) *Cache {
	c := &Cache{
		load:     load,
		interval: time.Minute,
		snapshot: map[string]string{},
		updates:  make(chan int),
		done:     make(chan struct{}),
	}
	for _, o := range opts {
		o(c)
	}
	go c.refresh()
	return c
}

// Get returns a value from the last snapshot.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.snapshot[key]
	return v, ok
}

// Updates delivers the new version number after each successful reload.
func (c *Cache) Updates() <-chan int { return c.updates }

// Close stops the refresher.
func (c *Cache) Close() {
	c.stopped.Do(func() { close(c.done) })
}
