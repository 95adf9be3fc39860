package valuereceiver

import (
	"context"
	"time"
)

// run: c := Dial(time.Millisecond); time.Sleep(100 * time.Millisecond); c.Close()

// Client pings in the background until it is closed.
type Client struct {
	every  time.Duration
	cancel context.CancelFunc
	pings  chan struct{}
}

func Dial(every time.Duration) *Client {
	c := &Client{every: every, pings: make(chan struct{}, 1)}
	c.startKeepAlive()
	return c
}

func (c Client) startKeepAlive() {
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go c.keepAlive(ctx)
}

func (c Client) keepAlive(ctx context.Context) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		select { // want "goroutine `keepAlive` blocks forever receiving from `ctx.Done\\(\\)`: `startKeepAlive` has a value receiver, so `c.cancel` stores the cancel function in a copy"
		case <-ctx.Done():
			return
		case <-t.C:
			select {
			case c.pings <- struct{}{}:
			default:
			}
		}
	}
}

func (c *Client) Close() {
	if c.cancel != nil {
		c.cancel()
	}
}
