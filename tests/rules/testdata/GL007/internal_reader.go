package internalreader

import (
	"sync"
	"time"
)

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
			c.changes <- n
		}
	}
}

// Watch calls f with every new count until the counter is closed; the package reads
// its own channel, so whether the send can block is the reader's business.
func (c *Counter) Watch(f func(int)) {
	for n := range c.changes {
		f(n)
	}
}

func (c *Counter) Close() { close(c.done) }
