package poll

// A leaked ticker holds a runtime timer, not a goroutine, so goleak cannot see it:
// this fixture has no run line for the runtime proof.

import (
	"context"
	"time"
)

func Poll(ctx context.Context, check func() bool) bool {
	t := time.NewTicker(time.Millisecond) // want "ticker `t` is never stopped: its timer keeps running after the function returns"
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			if check() {
				return true
			}
		}
	}
}
