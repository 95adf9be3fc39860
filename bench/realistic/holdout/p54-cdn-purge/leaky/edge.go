package purge

import (
	"context"
	"fmt"
	"time"
)

// Edge is one CDN point of presence that can drop cached objects.
type Edge interface {
	Name() string
	Invalidate(ctx context.Context, paths []string) error
}

type edgeResult struct {
	edge     string
	attempts int
	err      error
}

// purgeEdge asks e to invalidate paths, retrying with backoff, and reports
// the outcome on out.
func (p *Purger) purgeEdge(ctx context.Context, e Edge, paths []string, out chan<- edgeResult) {
	r := edgeResult{edge: e.Name()}
	r.err = retry(ctx, p.retries, p.backoff, func() error {
		r.attempts++
		return e.Invalidate(ctx, paths)
	})
	if r.err != nil {
		r.err = fmt.Errorf("edge %s after %d attempts: %w", r.edge, r.attempts, r.err)
	}
	out <- r // leak: Purge stops reading after MinAcks answers and the buffer only holds MinAcks results, so later edges block here
}

// retry calls fn until it succeeds, retries run out or ctx is done.
func retry(ctx context.Context, retries int, backoff time.Duration, fn func() error) error {
	var err error
	for attempt := 0; ; attempt++ {
		if err = fn(); err == nil || ctx.Err() != nil || attempt >= retries {
			return err
		}
		t := time.NewTimer(backoff << attempt)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return err
		}
	}
}
