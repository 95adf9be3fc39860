package relay

import (
	"context"
	"sync"
)

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
					select {
					case out <- v:
					case <-ctx.Done():
						return
					}
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
