package rangeticks

import (
	"context"
	"time"
)

// Refresh calls reload on every tick, in the background, until ctx is done.
func Refresh(ctx context.Context, reload func(time.Time)) {
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				if now.IsZero() {
					continue
				}
				reload(now)
			}
		}
	}()
}
