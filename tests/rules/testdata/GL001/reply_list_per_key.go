package replylistperkey

import (
	"context"
	"sync"
	"time"
)

// run: c := NewCoalescer(func(k string) string { return k + "!" }); ctx, cancel := context.WithCancel(context.Background()); cancel(); _, _ = c.Get(ctx, "a"); c.Flush(); time.Sleep(100 * time.Millisecond)

// Coalescer resolves each key once for every caller waiting on it.
type Coalescer struct {
	mu      sync.Mutex
	resolve func(string) string
	waiting map[string][]chan string
	queue   []string
	flushed time.Time
}

// NewCoalescer returns a coalescer resolving keys with resolve.
func NewCoalescer(resolve func(string) string) *Coalescer {
	return &Coalescer{resolve: resolve, waiting: map[string][]chan string{}}
}

// Later queues key and returns a function that waits for its value.
func (c *Coalescer) Later(key string) func(context.Context) (string, error) {
	ch := make(chan string)
	c.mu.Lock()
	if _, queued := c.waiting[key]; !queued {
		c.queue = append(c.queue, key)
	}
	c.waiting[key] = append(c.waiting[key], ch)
	c.mu.Unlock()
	return func(ctx context.Context) (string, error) {
		select {
		case v := <-ch:
			return v, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// Get waits for key's value, or for ctx to end.
func (c *Coalescer) Get(ctx context.Context, key string) (string, error) {
	return c.Later(key)(ctx)
}

// Flush resolves every queued key in the background.
func (c *Coalescer) Flush() {
	c.mu.Lock()
	keys := c.queue
	c.queue = nil
	c.flushed = time.Now()
	c.mu.Unlock()
	go c.answer(keys)
}

func (c *Coalescer) answer(keys []string) {
	for _, k := range keys {
		v := c.resolve(k)
		c.mu.Lock()
		list := c.waiting[k]
		delete(c.waiting, k)
		c.mu.Unlock()
		for _, ch := range list {
			ch <- v // want "goroutine `answer` blocks forever sending on `ch` when `<-ctx.Done\\(\\)` wins the select at line 38"
		}
	}
}
