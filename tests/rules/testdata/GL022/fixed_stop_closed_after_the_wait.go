package flusher

import (
	"errors"
	"time"
)

// run: _ = Flush([]int{1, -1, 2}, func(int) error { return nil })

var errNegative = errors.New("negative sample")

// aggregate sums what arrives on samples, reports the total on every tick, and
// reports once more when samples is closed; it gives up when stop is closed,
// which Flush does only once it no longer waits for the last report.
func aggregate(samples <-chan int, stop <-chan struct{}, report func(int) error, done chan<- error) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	total := 0
	for {
		select {
		case s, ok := <-samples:
			if !ok {
				done <- report(total)
				return
			}
			total += s
		case <-stop:
			return
		case <-t.C:
			_ = report(total)
		}
	}
}

// Flush feeds the samples to the aggregator and returns its last report.
func Flush(samples []int, report func(int) error) error {
	ch := make(chan int, len(samples))
	done := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	go aggregate(ch, stop, report, done)
	for _, s := range samples {
		if s < 0 {
			return errNegative
		}
		ch <- s
	}
	close(ch)
	return <-done
}
