package relay

import (
	"context"
	"sync"
)

// run: in := make(chan int, 3); in <- 1; in <- 2; in <- 3; close(in); out := Merge(context.Background(), in); <-out

// Merge relays every source onto one channel until ctx ends or every source is
// drained. Each relay watches ctx while it waits for a value, not while it sends.
func Merge(ctx context.Context, sources ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func(src <-chan int) {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case v, ok := <-src:
					if !ok {
						return
					}
					out <- v // want "goroutine blocks forever sending on `out` once the consumer stops reading: the send ignores `ctx`"
				}
			}
		}(src)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Sum adds what Merge relays until ctx ends.
func Sum(ctx context.Context, sources ...<-chan int) int {
	total := 0
	values := Merge(ctx, sources...)
	for {
		select {
		case <-ctx.Done():
			return total
		case v, ok := <-values:
			if !ok {
				return total
			}
			total += v
		}
	}
}
