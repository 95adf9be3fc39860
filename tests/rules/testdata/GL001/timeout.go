package timeout

import (
	"context"
	"time"
)

// run: _, _ = Fetch(context.Background(), time.Millisecond)

func slow() int {
	time.Sleep(50 * time.Millisecond)
	return 1
}

func Fetch(ctx context.Context, d time.Duration) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- slow() // want "goroutine blocks forever sending on `ch` when `<-time.After\\(d\\)` wins the select at line 23: nobody receives from `ch` after that"
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(d):
		return 0, context.DeadlineExceeded
	}
}
