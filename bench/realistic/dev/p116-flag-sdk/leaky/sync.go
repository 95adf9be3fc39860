package flags

import (
	"context"
	"time"
)

// keepSynced keeps the flag set current: it streams while it can and falls back to
// polling for reconnect before trying the stream again.
func (c *Client) keepSynced(ctx context.Context) {
	defer close(c.stopped)
	for {
		err := c.src.Stream(ctx, c.store)
		if ctx.Err() != nil {
			return
		}
		c.log.Printf("flags: stream: %v; polling every %s", err, c.pollEvery)
		if !c.pollFor(ctx, c.reconnect) {
			return
		}
	}
}

// pollFor polls until d has elapsed. It reports false if ctx was cancelled.
func (c *Client) pollFor(ctx context.Context, d time.Duration) bool {
	tick := time.NewTicker(c.pollEvery)
	defer tick.Stop()
	until := time.NewTimer(d)
	defer until.Stop()
	c.pollOnce(ctx)
	for {
		select {
		case <-ctx.Done():
			return false
		case <-until.C:
			return true
		case <-tick.C:
			c.pollOnce(ctx)
		}
	}
}

func (c *Client) pollOnce(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, c.pollEvery)
	defer cancel()
	flags, err := c.src.Poll(ctx)
	if err != nil {
		c.log.Printf("flags: poll: %v", err)
		return
	}
	c.store(flags)
}
