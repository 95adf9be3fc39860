package selectwithstop

import "context"

// A select that can also give up on its context is not left waiting by the
// goroutine's silent path.

func first(ctx context.Context, xs []int) (int, error) {
	found := make(chan int, 1)
	failed := make(chan error, 1)
	go func() {
		for _, x := range xs {
			if x < 0 {
				failed <- context.Canceled
				return
			}
			if x > 10 {
				found <- x
				return
			}
		}
	}()
	select {
	case x := <-found:
		return x, nil
	case err := <-failed:
		return 0, err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
