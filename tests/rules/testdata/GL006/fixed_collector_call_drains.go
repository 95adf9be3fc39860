package resize

import (
	"context"
	"errors"
)

// run: _, _ = ResizeAll(context.Background(), []int{-1, 2})

// ErrBadSize is returned for an image size that cannot be resized.
var ErrBadSize = errors.New("resize: bad size")

type result struct {
	size int
	err  error
}

func resize(size int) result {
	if size < 0 {
		return result{err: ErrBadSize}
	}
	return result{size: size / 2}
}

func worker(ctx context.Context, sizes <-chan int, out chan<- result) {
	for s := range sizes {
		out <- resize(s)
	}
}

func collect(results <-chan result) ([]int, error) {
	var done []int
	var first error
	for r := range results {
		if r.err != nil {
			if first == nil {
				first = r.err
			}
			continue
		}
		done = append(done, r.size)
	}
	return done, first
}

// ResizeAll resizes every image on a worker of its own and stops at the first error.
func ResizeAll(ctx context.Context, sizes []int) ([]int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan int, len(sizes))
	for _, s := range sizes {
		in <- s
	}
	close(in)
	results := make(chan result)
	go func() {
		defer close(results)
		worker(ctx, in, results)
	}()
	return collect(results)
}
