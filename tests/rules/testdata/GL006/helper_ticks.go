package helperticks

import (
	"context"
	"time"
)

// run: _ = Poll(context.Background(), func() bool { return true })

// ticks sends the time after every interval.
func ticks(interval time.Duration) <-chan time.Time {
	c := make(chan time.Time)
	go func() {
		for {
			time.Sleep(interval)
			c <- time.Now() // want "goroutine blocks forever sending on `c` \(`t`\) once `Poll` stops consuming"
		}
	}()
	return c
}

// Poll checks ready on every tick until it says yes or ctx is done.
func Poll(ctx context.Context, ready func() bool) error {
	t := ticks(time.Millisecond)
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
