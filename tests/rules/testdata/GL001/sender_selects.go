package senderselects

import (
	"context"
	"time"
)

func compute() int { return 7 }

// The sender gives up too, on a context the function cancels on its way out: no leak.
// (With the caller's context alone it would wait until the caller's ends:
// caller_context_timeout.go.)
func Compute(ctx context.Context) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan int)
	go func() {
		select {
		case ch <- compute():
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, context.DeadlineExceeded
	}
}

// The select is in a loop whose other case does not leave: the value is read later.
func Poll(tick <-chan time.Time) int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	for {
		select {
		case v := <-ch:
			return v
		case <-tick:
		}
	}
}
