package meterreads

import (
	"context"
	"errors"
	"time"
)

// run: r := &Reader{}; _, _ = r.SumUntilFault(appContext, []int{4, 7, -1, 3, 9})

// appContext lives as long as the process, as a server's base context does: nothing
// ever cancels it.
var appContext = context.Background()

var errFault = errors.New("meter fault")

// Reader sums meter readings; Deadline bounds a whole pass when it is set.
type Reader struct {
	Deadline time.Duration
}

// readings hands the values on one by one until the context ends.
func readings(ctx context.Context, values []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, v := range values {
			select { // want "goroutine blocks forever sending on `out` \(`vals`\) once `SumUntilFault` stops consuming at line \d+: it also waits on `ctx.Done\(\)`, but `SumUntilFault` derives a context it cancels only when the `if` at line \d+ holds; otherwise `ctx` is the caller's context"
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// SumUntilFault adds the readings up to the first faulty (negative) one.
func (r *Reader) SumUntilFault(ctx context.Context, values []int) (int, error) {
	var cancel context.CancelFunc
	if r.Deadline > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.Deadline)
		defer cancel()
	}
	sum := 0
	vals := readings(ctx, values)
	for v := range vals {
		if v < 0 {
			return sum, errFault
		}
		sum += v
	}
	return sum, nil
}
