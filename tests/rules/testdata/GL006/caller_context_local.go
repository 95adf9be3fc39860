package callerlocal

import (
	"context"
	"errors"
)

// run: _, _ = SumUntilNegative(appContext, []int{1, -2, 3, 4})

// appContext lives as long as the process, as a server's base context does: nothing
// ever cancels it.
var appContext = context.Background()

var errNegative = errors.New("negative value")

// SumUntilNegative adds the values a background stage squares, and stops at the first
// negative one.
func SumUntilNegative(ctx context.Context, values []int) (int, error) {
	squares := make(chan int)
	go func() {
		defer close(squares)
		for _, v := range values {
			sq := v * v
			if v < 0 {
				sq = -sq
			}
			select { // want "goroutine blocks forever sending on `squares` once `SumUntilNegative` stops consuming at line \d+: it also waits on `ctx.Done\(\)`, but `ctx` is the caller's context"
			case squares <- sq:
			case <-ctx.Done():
				return
			}
		}
	}()
	sum := 0
	for sq := range squares {
		if sq < 0 {
			return sum, errNegative
		}
		sum += sq
	}
	return sum, nil
}
