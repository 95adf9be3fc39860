package fixed_session_cache

import (
	"sync"
	"time"
)

// run: _, _ = Open(func() error { return errors.New("store unreachable") }, time.Millisecond)

// Cache keeps sessions in memory and expires them on a janitor's tick.
type Cache struct {
	mu       sync.Mutex
	sessions map[string]time.Time
	ttl      time.Duration
	quit     chan struct{}
}

// Open starts the cache's janitor, then checks that the backing store answers.
func Open(ping func() error, ttl time.Duration) (*Cache, error) {
	c := &Cache{sessions: map[string]time.Time{}, ttl: ttl, quit: make(chan struct{})}
	go c.janitor()
	if err := ping(); err != nil {
		c.Close() // the janitor stops with the cache nobody gets
		return nil, err
	}
	return c, nil
}

func (c *Cache) janitor() {
	tick := time.NewTicker(c.ttl)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			c.expire(time.Now())
		case <-c.quit:
			return
		}
	}
}

func (c *Cache) expire(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, seen := range c.sessions {
		if now.Sub(seen) > c.ttl {
			delete(c.sessions, id)
		}
	}
}

// Touch records activity on a session.
func (c *Cache) Touch(id string) {
	c.mu.Lock()
	c.sessions[id] = time.Now()
	c.mu.Unlock()
}

// Close stops the janitor.
func (c *Cache) Close() {
	close(c.quit)
}
