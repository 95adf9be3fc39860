// A speed test runs in one goroutine and reports either an error or a result; a
// second goroutine redraws a progress bar until one of the two arrives. The
// runner sends the error and then, missing a `return`, the result too: the
// progress goroutine took the error and left, so nobody ever takes the result.
// With JSON output the function itself waits for the first of the two instead.
package perf

import (
	"context"
	"time"
)

type Result struct{ Bytes int }

type Client interface {
	Measure(ctx context.Context, d time.Duration) (Result, error)
}

type Screen interface {
	Run() error
	Show(v any)
}

func SpeedTest(ctx context.Context, c Client, s Screen, d time.Duration, json bool) error {
	resultCh := make(chan Result)
	errorCh := make(chan error)
	go func() {
		defer close(resultCh)
		defer close(errorCh)
		r, err := c.Measure(ctx, d)
		if err != nil {
			errorCh <- err
		}
		resultCh <- r // want "blocks forever sending on `resultCh` when `err := <-errorCh` wins the select at line 55 in the goroutine started at line 52"
	}()
	if json {
		select {
		case err := <-errorCh:
			s.Show(err)
		case r := <-resultCh:
			s.Show(r)
		}
		return nil
	}

	done := make(chan struct{})
	go func() {
		_ = s.Run()
		close(done)
	}()

	go func() {
		for {
			select {
			case err := <-errorCh:
				s.Show(err)
				return
			case r := <-resultCh:
				s.Show(r)
				return
			default:
				s.Show("measuring")
				time.Sleep(100 * time.Millisecond)
			}
		}
	}()
	<-done
	return nil
}
