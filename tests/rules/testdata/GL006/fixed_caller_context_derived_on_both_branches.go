package meterreadsfixed

import (
	"context"
	"errors"
	"time"
)

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
			select {
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
	} else {
		ctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
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

// SumWithinDeadline reads only under a deadline: the readings start inside the branch
// that derives the context, so they always see the one it cancels.
func (r *Reader) SumWithinDeadline(ctx context.Context, values []int) (int, error) {
	sum := 0
	if r.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.Deadline)
		defer cancel()
		for v := range readings(ctx, values) {
			if v < 0 {
				return sum, errFault
			}
			sum += v
		}
	}
	return sum, nil
}
