// The same speed test with the `return` after the error: the runner sends on
// exactly one of the two channels, so whichever case the progress goroutine's
// select takes (it polls with a `default`, round and round, until one comes:
// POLL_UNTIL_A_CASE), the runner is done (SENT_INSTEAD).
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
			return
		}
		resultCh <- r
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
