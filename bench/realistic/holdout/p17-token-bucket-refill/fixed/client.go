package ratelimit

import (
	"context"
	"time"
)

// Client calls a remote API no faster than its limiter allows.
type Client struct {
	limiter *Limiter
	call    func(ctx context.Context, path string) error
}

// NewClient makes a client limited to perSecond calls a second.
func NewClient(perSecond int, call func(ctx context.Context, path string) error) *Client {
	return &Client{limiter: NewLimiter(time.Second/time.Duration(perSecond), perSecond), call: call}
}

// Get waits for a token, then calls.
func (c *Client) Get(ctx context.Context, path string) error {
	if err := c.limiter.Wait(ctx); err != nil {
		return err
	}
	return c.call(ctx, path)
}

// Close releases the client.
func (c *Client) Close() {
	c.limiter.Stop()
}
