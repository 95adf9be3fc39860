package refresher

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
			c.changes <- n // want "goroutine `tick` blocks forever sending on `c.changes` once nobody reads it: the send ignores `<-c.done`, so `Close` cannot stop the goroutine"
		}
	}
}

// Changes delivers every new count; callers that stop reading must Close.
func (c *Counter) Changes() <-chan int { return c.changes }

func (c *Counter) Close() { close(c.done) }
