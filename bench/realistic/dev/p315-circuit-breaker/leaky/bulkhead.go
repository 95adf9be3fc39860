package breaker

import (
	"context"
	"errors"
	"time"
)

// ErrBulkheadFull is returned when no concurrency slot became free within
// the configured wait.
var ErrBulkheadFull = errors.New("bulkhead full")

// bulkhead limits the number of concurrent calls to one remote so that a
// slow dependency cannot exhaust the caller's goroutines or connections.
type bulkhead struct {
	slots   chan struct{} // nil means unlimited
	maxWait time.Duration
}

func newBulkhead(maxConcurrent int, maxWait time.Duration) *bulkhead {
	b := &bulkhead{maxWait: maxWait}
	if maxConcurrent > 0 {
		b.slots = make(chan struct{}, maxConcurrent)
	}
	return b
}

// acquire takes a slot, waiting up to maxWait (zero: fail fast).
func (b *bulkhead) acquire(ctx context.Context) error {
	if b.slots == nil {
		return nil
	}
	select {
	case b.slots <- struct{}{}:
		return nil
	default:
	}
	if b.maxWait <= 0 {
		return ErrBulkheadFull
	}
	timer := time.NewTimer(b.maxWait)
	defer timer.Stop()
	select {
	case b.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return ErrBulkheadFull
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *bulkhead) release() {
	if b.slots != nil {
		<-b.slots
	}
}
