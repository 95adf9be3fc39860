package unwatchedstop

import (
	"context"
	"sync"
	"time"
)

// run: c := Start(processContext, time.Millisecond); time.Sleep(100 * time.Millisecond); c.Close()

// processContext lives as long as the process: nothing ever cancels it.
var processContext = context.Background()

// Client keeps a value fresh; Close stops its goroutines.
type Client struct {
	mu    sync.Mutex
	value int
	stop  chan struct{}
	once  sync.Once
}

// Start begins watching and polling until ctx ends or Close is called.
func Start(ctx context.Context, every time.Duration) *Client {
	c := &Client{stop: make(chan struct{})}
	go c.watch(ctx)
	go c.poll(ctx, every)
	return c
}

func (c *Client) watch(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-c.stop:
	}
}

func (c *Client) poll(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select { // want "goroutine `poll` never stops on `Close`: its loop ends only when `ctx` is done, while `Close` closes `c.stop`, which `watch` waits on and this loop never does"
		case <-ctx.Done():
			return
		case <-t.C:
			c.mu.Lock()
			c.value++
			c.mu.Unlock()
		}
	}
}

// Close stops the client's goroutines; it may be called more than once.
func (c *Client) Close() { c.once.Do(func() { close(c.stop) }) }
