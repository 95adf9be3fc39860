package drainedplain

import (
	"context"
	"errors"
)

var errNegative = errors.New("negative value")

// SumUntilNegative adds the values a background stage squares, and stops at the first
// negative one; what the stage still sends is drained.
func SumUntilNegative(ctx context.Context, values []int) (int, error) {
	squares := make(chan int)
	go func() {
		defer close(squares)
		for _, v := range values {
			sq := v * v
			if v < 0 {
				sq = -sq
			}
			squares <- sq
		}
	}()
	defer func() {
		for range squares {
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
