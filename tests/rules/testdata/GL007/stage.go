package stage

import "context"

// run: ctx, cancel := context.WithCancel(context.Background()); ch := Gen(ctx, []int{1, 2, 3}); <-ch; cancel()

func Gen(ctx context.Context, nums []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n // want "goroutine blocks forever sending on `out` once the consumer stops reading: the send ignores `ctx`"
		}
	}()
	return out
}
