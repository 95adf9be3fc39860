package flags

import (
	"context"
	"time"
)

// poll refreshes the whole flag set on a fixed interval. A failed fetch keeps
// the last good flags in place until the next tick.
func (c *Client) poll(ctx context.Context) {
	t := time.NewTicker(c.pollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.stop:
			return
		case <-t.C:
			fetchCtx, cancel := context.WithTimeout(ctx, c.pollInterval)
			_ = c.refresh(fetchCtx)
			cancel()
		}
	}
}
