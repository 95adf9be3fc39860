// The runner sends on exactly one of two channels and another goroutine waits
// for the first of them: whichever case wins, the runner has nothing more to
// send (SENT_INSTEAD).
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
		select {
		case err := <-errorCh:
			s.Show(err)
		case r := <-resultCh:
			s.Show(r)
		}
	}()
	<-done
	return nil
}
