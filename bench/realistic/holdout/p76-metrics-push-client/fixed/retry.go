package push

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// StatusError is returned by Gateway implementations for non-2xx replies.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("gateway replied %d %s: %s", e.Code, http.StatusText(e.Code), e.Body)
}

// retryable reports whether err is worth retrying: server errors, rate
// limiting and errors that are not HTTP replies at all (network errors).
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code >= 500 || se.Code == http.StatusTooManyRequests
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// pushWithRetry pushes payload for job, retrying transient failures with
// exponential backoff until MaxAttempts is reached or ctx is done.
func (c *Client) pushWithRetry(ctx context.Context, job string, payload []byte) error {
	delay := c.opts.InitialBackoff
	for attempt := 1; ; attempt++ {
		err := c.gw.Push(ctx, job, payload)
		if err == nil {
			return nil
		}
		if !retryable(err) || attempt >= c.opts.MaxAttempts {
			return fmt.Errorf("push job %s (attempt %d): %w", job, attempt, err)
		}
		c.opts.Logf("push: job %s attempt %d failed, retrying in %v: %v", job, attempt, delay, err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("push job %s: %w", job, ctx.Err())
		case <-c.opts.Clock.After(delay):
		}
		delay *= 2
		if delay > c.opts.MaxBackoff {
			delay = c.opts.MaxBackoff
		}
	}
}
