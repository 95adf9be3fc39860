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
		select { // leak: the poller only watches the caller's context, so Close never stops it
		case <-ctx.Done():
			return
		case <-t.C:
			fetchCtx, cancel := context.WithTimeout(ctx, c.pollInterval)
			_ = c.refresh(fetchCtx)
			cancel()
		}
	}
}
