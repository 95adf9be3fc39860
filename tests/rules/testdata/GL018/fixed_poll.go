package poll

import (
	"context"
	"time"
)

func Poll(ctx context.Context, check func() bool) bool {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
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

// The ticker is handed to the caller, who must stop it.
func Start(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

// Stopped by the goroutine that owns it.
func Background(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
}
