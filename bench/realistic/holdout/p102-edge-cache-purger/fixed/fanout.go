package purge

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// fanOut starts one worker per PoP and returns the channel on which their
// results arrive. At most p.concurrency PoPs are contacted at once.
func (p *Purger) fanOut(ctx context.Context, req Request) <-chan PoPResult {
	results := make(chan PoPResult, len(p.pops))
	slots := make(chan struct{}, p.concurrency)
	for _, pop := range p.pops {
		pop := pop
		go func() {
			res := p.purgeWithSlot(ctx, slots, pop, req)
			results <- res
		}()
	}
	return results
}

// purgeWithSlot waits for a concurrency slot and purges a single PoP.
func (p *Purger) purgeWithSlot(ctx context.Context, slots chan struct{}, pop string, req Request) PoPResult {
	start := time.Now()
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return PoPResult{PoP: pop, Err: fmt.Errorf("purge %s: waiting for slot: %w", pop, ctx.Err())}
	}
	defer func() { <-slots }()

	attempts, err := p.purgeOne(ctx, pop, req)
	return PoPResult{PoP: pop, Attempts: attempts, Took: time.Since(start), Err: err}
}

// purgeOne calls the PoP, retrying throttling and other transient errors
// with exponential backoff. It returns the number of attempts made.
func (p *Purger) purgeOne(ctx context.Context, pop string, req Request) (int, error) {
	backoff := p.backoff
	var err error
	for attempt := 1; ; attempt++ {
		err = p.attempt(ctx, pop, req)
		if err == nil {
			return attempt, nil
		}
		if !retryable(err) || ctx.Err() != nil || attempt > p.retries {
			return attempt, fmt.Errorf("purge %s after %d attempt(s): %w", pop, attempt, err)
		}
		p.logf("purge %s: attempt %d failed: %v; retrying in %s", pop, attempt, err, backoff)
		if err := sleep(ctx, backoff); err != nil {
			return attempt, fmt.Errorf("purge %s: %w", pop, err)
		}
		backoff *= 2
	}
}

func (p *Purger) attempt(ctx context.Context, pop string, req Request) error {
	if p.attemptTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.attemptTimeout)
		defer cancel()
	}
	return p.edge.Invalidate(ctx, pop, req)
}

func retryable(err error) bool {
	switch {
	case errors.Is(err, ErrUnauthorized), errors.Is(err, ErrInvalidRequest):
		return false
	case errors.Is(err, context.Canceled):
		return false
	}
	return true
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
