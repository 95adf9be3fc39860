package crews

import (
	"context"
	"sync"
)

// run: g := newGroup(context.Background(), 1); block := make(chan struct{}); g.Go(func(ctx context.Context) error { <-block; return nil }); g.cancel(); g.Go(func(ctx context.Context) error { return nil }); close(block); go g.Wait()

// group runs tasks with bounded parallelism; the first error cancels the rest.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

func newGroup(ctx context.Context, limit int) *group {
	ctx, cancel := context.WithCancel(ctx)
	return &group{ctx: ctx, cancel: cancel, sem: make(chan struct{}, limit)}
}

// Go runs f once a slot is free; a task the group is cancelled before never starts.
func (g *group) Go(f func(ctx context.Context) error) {
	g.wg.Add(1)
	select {
	case g.sem <- struct{}{}:
	case <-g.ctx.Done():
		return
	}
	go func() {
		defer g.wg.Done()
		defer func() { <-g.sem }()
		if err := f(g.ctx); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

// Wait blocks until every started task has returned.
func (g *group) Wait() error {
	g.wg.Wait() // want "`g.wg.Wait\(\)` never returns once `Go` has refused work"
	g.cancel()
	return g.err
}
