package timeout

import (
	"context"
	"time"
)

func slow() int {
	time.Sleep(50 * time.Millisecond)
	return 1
}

func Fetch(ctx context.Context, d time.Duration) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, context.DeadlineExceeded
	}
}
