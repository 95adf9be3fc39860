package flags

import (
	"context"
	"fmt"
)

// WaitForInitialization blocks until the first flag set has arrived, or ctx is
// done. Applications usually call it once at startup with a short deadline and
// carry on with defaults if it fails.
func (c *Client) WaitForInitialization(ctx context.Context) error {
	ready := make(chan struct{})
	go func() {
		c.mu.Lock()
		for !c.initialized && !c.closed {
			c.cond.Wait()
		}
		c.mu.Unlock()
		close(ready)
	}()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("flags: waiting for first flag set: %w", ctx.Err())
	}
}
