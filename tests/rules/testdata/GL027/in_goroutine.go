package ingoroutine

import (
	"sync"
	"time"
)

// Client logs in once and keeps its token fresh in the background.
type Client struct {
	once  sync.Once
	mu    sync.Mutex
	token string
	stop  chan struct{}
}

func (c *Client) ensure() string {
	c.once.Do(c.login)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.token
}

func (c *Client) login() {
	c.mu.Lock()
	c.token = "t"
	c.mu.Unlock()
	// The refresher calls ensure on its own goroutine: its Do waits for this one to
	// return, then returns at once.
	go c.refresh()
}

func (c *Client) refresh() {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			_ = c.ensure()
		}
	}
}
