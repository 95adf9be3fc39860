package dosing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// group runs tasks with bounded parallelism and collects their errors.
type group struct {
	wg  sync.WaitGroup
	sem chan struct{}

	mu   sync.Mutex
	errs []error
}

func newGroup(limit int) *group {
	if limit < 1 {
		limit = 1
	}
	return &group{sem: make(chan struct{}, limit)}
}

func (g *group) fail(err error) {
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
}

// Go runs fn once a slot is free. If ctx ends first, fn is not run and the
// task is recorded as failed.
func (g *group) Go(ctx context.Context, name string, fn func(context.Context) error) {
	g.wg.Add(1)
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		g.fail(fmt.Errorf("%s: not started: %w", name, ctx.Err()))
		return
	}
	go func() {
		defer g.wg.Done()
		defer func() { <-g.sem }()
		if err := fn(ctx); err != nil {
			g.fail(fmt.Errorf("%s: %w", name, err))
		}
	}()
}

// Wait waits for all started tasks, or until ctx ends. Tasks still running
// when ctx ends see the same ctx and wind down on their own.
func (g *group) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		g.wg.Wait() // leak: Go returned on ctx.Done after Add(1) without a matching Done, the counter never reaches zero
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		g.fail(ctx.Err())
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.errs) == 0 {
		return nil
	}
	return &CycleError{Errs: append([]error(nil), g.errs...)}
}

// CycleError collects the failures of one dosing cycle.
type CycleError struct {
	Errs []error
}

func (e *CycleError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = err.Error()
	}
	return fmt.Sprintf("dosing cycle: %d failures: %s", len(e.Errs), strings.Join(msgs, "; "))
}

// Is reports whether any of the collected errors matches target.
func (e *CycleError) Is(target error) bool {
	for _, err := range e.Errs {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
