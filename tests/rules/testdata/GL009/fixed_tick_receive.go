package tickreceive

import (
	"context"
	"time"
)

// Heartbeat calls beat on every tick, in the background, until ctx is done.
func Heartbeat(ctx context.Context, beat func()) {
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
			beat()
		}
	}()
}
