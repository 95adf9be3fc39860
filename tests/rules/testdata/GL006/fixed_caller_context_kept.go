package callerkept

import (
	"context"
	"errors"
)

var errNegative = errors.New("negative value")

// Squarer squares values in the background until it is closed.
type Squarer struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// NewSquarer returns a Squarer whose stages stop when Close is called.
func NewSquarer() *Squarer {
	ctx, cancel := context.WithCancel(context.Background())
	return &Squarer{ctx: ctx, cancel: cancel}
}

// Close stops every stage still running.
func (s *Squarer) Close() { s.cancel() }

func (s *Squarer) squares(values []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, v := range values {
			select {
			case out <- v * v:
			case <-s.ctx.Done():
				return
			}
		}
	}()
	return out
}

// SumBelow adds squares until the sum would pass limit.
func (s *Squarer) SumBelow(values []int, limit int) (int, error) {
	sum := 0
	for sq := range s.squares(values) {
		if sum+sq > limit {
			return sum, errNegative
		}
		sum += sq
	}
	return sum, nil
}
