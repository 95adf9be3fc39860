package fixedrefresher

import (
	"sync"
	"time"
)

// run: c := NewCounter(time.Millisecond); time.Sleep(100 * time.Millisecond); c.Close()

// Counter ticks in the background and announces each new count on Changes.
type Counter struct {
	mu      sync.Mutex
	n       int
	changes chan int
	done    chan struct{}
}

func NewCounter(every time.Duration) *Counter {
	c := &Counter{changes: make(chan int), done: make(chan struct{})}
	go c.tick(every)
	return c
}

func (c *Counter) tick(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			c.mu.Lock()
			c.n++
			n := c.n
			c.mu.Unlock()
			select {
			case c.changes <- n:
			case <-c.done:
				return
			}
		}
	}
}

// Changes delivers every new count; callers that stop reading must Close.
func (c *Counter) Changes() <-chan int { return c.changes }

func (c *Counter) Close() { close(c.done) }
