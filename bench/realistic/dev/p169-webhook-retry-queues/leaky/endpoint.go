package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// PermanentError marks a failure that retrying will not fix, such as a 4xx
// response from the receiver.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

type endpoint struct {
	name   string
	url    string
	queue  chan Event
	cancel context.CancelFunc
	done   chan struct{}
}

// run delivers queued events one at a time, in order, until the queue is
// closed. Once ctx is cancelled the remaining events are discarded.
func (ep *endpoint) run(ctx context.Context, d *Dispatcher) {
	defer close(ep.done)
	for ev := range ep.queue { // leak: RemoveEndpoint cancels the context but never closes the queue, so this range waits forever
		if ctx.Err() != nil {
			continue
		}
		if err := ep.deliver(ctx, d, ev); err != nil && d.onError != nil {
			d.onError(ep.name, ev, err)
		}
	}
}

func (ep *endpoint) deliver(ctx context.Context, d *Dispatcher, ev Event) error {
	wait := d.backoff
	var err error
	for attempt := 1; attempt <= d.maxAttempts; attempt++ {
		attemptCtx, cancel := context.WithTimeout(ctx, d.timeout)
		err = d.send(attemptCtx, ep.url, ev)
		cancel()
		if err == nil {
			return nil
		}
		var perm *PermanentError
		if errors.As(err, &perm) {
			return fmt.Errorf("deliver %s to %s: %w", ev.ID, ep.name, err)
		}
		if attempt == d.maxAttempts {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("deliver %s to %s: %w", ev.ID, ep.name, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
	return fmt.Errorf("deliver %s to %s after %d attempts: %w", ev.ID, ep.name, d.maxAttempts, err)
}
