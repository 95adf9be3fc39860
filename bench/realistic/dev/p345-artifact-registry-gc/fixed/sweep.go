package registrygc

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// sweep lists all blobs and deletes the ones that are neither live nor
// younger than MinAge, using cfg.Deleters parallel workers.
func (c *Collector) sweep(ctx context.Context, live map[string]struct{}, start time.Time, rep *Report) error {
	jobs := make(chan Blob)
	t := &tally{}

	var wg sync.WaitGroup
	for i := 0; i < c.cfg.Deleters; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.deleteLoop(ctx, jobs, t)
		}()
	}

	err := c.enqueueGarbage(ctx, live, start, jobs, rep)
	close(jobs)
	wg.Wait()
	if err != nil {
		return err
	}

	t.applyTo(rep)
	return nil
}

// enqueueGarbage pages through the blob listing and sends every collectable
// blob to jobs.
func (c *Collector) enqueueGarbage(ctx context.Context, live map[string]struct{}, start time.Time, jobs chan<- Blob, rep *Report) error {
	cursor := ""
	for {
		page, next, err := c.store.ListBlobs(ctx, cursor, c.cfg.PageSize)
		if err != nil {
			return fmt.Errorf("list blobs at %q: %w", cursor, err)
		}
		for _, b := range page {
			rep.Scanned++
			if _, ok := live[b.Digest]; ok {
				continue
			}
			if start.Sub(b.ModTime) < c.cfg.MinAge {
				rep.TooYoung++
				continue
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if next == "" {
			return nil
		}
		cursor = next
	}
}

// deleteLoop deletes blobs received on jobs until the channel is closed.
func (c *Collector) deleteLoop(ctx context.Context, jobs <-chan Blob, t *tally) {
	for b := range jobs {
		if c.cfg.DryRun {
			c.log.Printf("registrygc: dry run: would delete %s (%d bytes)", b.Digest, b.Size)
			t.deleted(b)
			continue
		}
		switch err := c.deleteWithRetry(ctx, b.Digest); {
		case err == nil, errors.Is(err, ErrNotFound):
			t.deleted(b)
		default:
			c.log.Printf("registrygc: delete %s: %v", b.Digest, err)
			t.failed(b)
		}
	}
}

// deleteWithRetry retries transient delete failures up to DeleteAttempts
// times, stopping early if ctx is done.
func (c *Collector) deleteWithRetry(ctx context.Context, digest string) error {
	var err error
	for attempt := 1; attempt <= c.cfg.DeleteAttempts; attempt++ {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		err = c.store.DeleteBlob(ctx, digest)
		if err == nil || !errors.Is(err, ErrTransient) {
			return err
		}
	}
	return fmt.Errorf("after %d attempts: %w", c.cfg.DeleteAttempts, err)
}

// tally accumulates the deleters' results.
type tally struct {
	mu       sync.Mutex
	count    int
	bytes    int64
	failures []string
}

func (t *tally) deleted(b Blob) {
	t.mu.Lock()
	t.count++
	t.bytes += b.Size
	t.mu.Unlock()
}

func (t *tally) failed(b Blob) {
	t.mu.Lock()
	t.failures = append(t.failures, b.Digest)
	t.mu.Unlock()
}

func (t *tally) applyTo(rep *Report) {
	t.mu.Lock()
	defer t.mu.Unlock()
	rep.Deleted += t.count
	rep.FreedBytes += t.bytes
	sort.Strings(t.failures)
	rep.Failed = append(rep.Failed, t.failures...)
}
