package flags

import (
	"context"
	"errors"
	"time"
)

// watch keeps a change stream open, reconnecting after failures, until the
// client is closed. If the server cannot stream it hands over to the poller.
func (c *Client) watch(ctx context.Context) {
	for {
		s, err := c.tr.Subscribe(ctx)
		switch {
		case errors.Is(err, ErrStreamingUnsupported):
			c.mu.Lock()
			c.polling = true
			c.mu.Unlock()
			go c.poll(ctx)
			return
		case err != nil:
			if !c.sleep(ctx, c.backoff) {
				return
			}
			continue
		}
		if !c.setCurrent(s) {
			s.Close()
			return
		}
		c.consume(s)
		c.setCurrent(nil)
		s.Close()
		if !c.sleep(ctx, c.backoff) {
			return
		}
	}
}

// setCurrent records the open stream so that Close can interrupt it. It
// reports false if the client is already closed.
func (c *Client) setCurrent(s Stream) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.stop:
		return false
	default:
	}
	c.current = s
	return true
}

// consume applies changes from s until the stream ends.
func (c *Client) consume(s Stream) {
	for {
		f, err := s.Recv()
		if err != nil {
			return
		}
		c.mu.Lock()
		c.applyLocked(f)
		c.mu.Unlock()
	}
}

// sleep waits for d and reports false if the client was stopped meanwhile.
func (c *Client) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-c.stop:
		return false
	case <-ctx.Done():
		return false
	}
}
