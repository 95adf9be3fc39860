// Package retry calls flaky dependencies with per-attempt timeouts and backoff.
package retry

import (
	"errors"
	"fmt"
	"time"
)

// Policy says how hard to try.
type Policy struct {
	Attempts   int
	PerAttempt time.Duration
	Backoff    time.Duration
}

// ErrAttemptTimeout is what a slow attempt is recorded as.
var ErrAttemptTimeout = errors.New("attempt timed out")

// Do runs op until it succeeds, the attempts run out, or op fails permanently.
func Do[T any](p Policy, op func(attempt int) (T, error)) (T, error) {
	var zero T
	var lastErr error
	for attempt := 1; attempt <= p.Attempts; attempt++ {
		v, err := runOnce(p.PerAttempt, attempt, op)
		if err == nil {
			return v, nil
		}
		var perm *PermanentError
		if errors.As(err, &perm) {
			return zero, perm.Err
		}
		lastErr = err
		time.Sleep(p.Backoff * time.Duration(attempt))
	}
	return zero, fmt.Errorf("gave up after %d attempts: %w", p.Attempts, lastErr)
}

type outcome[T any] struct {
	v   T
	err error
}

func runOnce[T any](limit time.Duration, attempt int, op func(int) (T, error)) (T, error) {
	done := make(chan outcome[T], 1) // a late attempt drops its outcome here and exits
	go func() {
		v, err := op(attempt)
		done <- outcome[T]{v, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case o := <-done:
		return o.v, o.err
	case <-timer.C:
		var zero T
		return zero, ErrAttemptTimeout
	}
}

// PermanentError stops the retries.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
