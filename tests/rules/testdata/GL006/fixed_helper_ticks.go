package helperticks

import (
	"context"
	"time"
)

// ticks sends the time after every interval until ctx is done.
func ticks(ctx context.Context, interval time.Duration) <-chan time.Time {
	c := make(chan time.Time)
	go func() {
		for {
			time.Sleep(interval)
			select {
			case c <- time.Now():
			case <-ctx.Done():
				return
			}
		}
	}()
	return c
}

// Poll checks ready on every tick until it says yes or ctx is done.
func Poll(ctx context.Context, ready func() bool) error {
	t := ticks(ctx, time.Millisecond)
	for {
		select {
		case <-t:
			if ready() {
				return nil
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
