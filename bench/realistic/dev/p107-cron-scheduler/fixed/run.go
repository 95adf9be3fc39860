package cron

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTimeout is reported when a run outlives its job's timeout.
var ErrTimeout = errors.New("job timed out")

// runWithTimeout runs fn and stops waiting for it after d. The context given to
// fn is cancelled at the deadline, so well-behaved jobs wind down by themselves.
func runWithTimeout(parent context.Context, d time.Duration, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- fn(ctx)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return fmt.Errorf("%w after %s", ErrTimeout, d)
	}
}
