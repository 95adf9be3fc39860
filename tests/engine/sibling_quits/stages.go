package stages

import (
	"context"
	"errors"
)

var errRejected = errors.New("stages: batch rejected")

type Sink interface {
	Write(batch []int) error
}

// Ship decodes values from in and writes them to sink in batches of four, in two
// stages; the returned channel gets the outcome.
func Ship(ctx context.Context, sink Sink, in <-chan int) <-chan error {
	records := make(chan int, 4)
	done := make(chan error, 1)
	go func() {
		defer close(records)
		for v := range in {
			records <- v * 2
		}
	}()
	go func() {
		batch := make([]int, 0, 4)
		for r := range records {
			batch = append(batch, r)
			if len(batch) < cap(batch) {
				continue
			}
			if err := sink.Write(batch); err != nil {
				done <- err
				return
			}
			batch = batch[:0]
		}
		done <- sink.Write(batch)
	}()
	return done
}
