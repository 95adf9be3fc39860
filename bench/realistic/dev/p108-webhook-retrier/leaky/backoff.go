package webhook

import (
	"context"
	"errors"
	"sync"
	"time"
)

// PermanentError marks a failure that retrying will not fix, such as a
// merchant endpoint answering 410 Gone.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Retryable reports whether err is worth another attempt.
func Retryable(err error) bool {
	var p *PermanentError
	return !errors.As(err, &p)
}

// Backoff is an exponential backoff policy.
type Backoff struct {
	Base     time.Duration
	Max      time.Duration
	Attempts int
}

// Delay returns how long to wait before the given attempt (1-based).
func (b Backoff) Delay(attempt int) time.Duration {
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	return d
}

// waitContext waits for wg, giving up when ctx is done.
func waitContext(ctx context.Context, wg *sync.WaitGroup) error {
	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: a retried delivery was counted twice, so the count never reaches zero
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
