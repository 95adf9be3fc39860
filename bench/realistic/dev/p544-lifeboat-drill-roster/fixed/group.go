package drill

import (
	"context"
	"sync"
)

// group runs station tasks with bounded parallelism. The first task error
// cancels the group's context and is returned by Wait.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup

	once sync.Once
	err  error
}

func newGroup(ctx context.Context, limit int) *group {
	if limit < 1 {
		limit = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	return &group{ctx: ctx, cancel: cancel, sem: make(chan struct{}, limit)}
}

// Go runs f once a slot is free. If the group is cancelled first, f is
// never started.
func (g *group) Go(f func(ctx context.Context) error) {
	g.wg.Add(1)
	select {
	case g.sem <- struct{}{}:
	case <-g.ctx.Done():
		g.wg.Done()
		return
	}
	go func() {
		defer g.wg.Done()
		defer func() { <-g.sem }()
		if err := f(g.ctx); err != nil {
			g.fail(err)
		}
	}()
}

func (g *group) fail(err error) {
	g.once.Do(func() {
		g.err = err
		g.cancel()
	})
}

// Wait blocks until every started task has returned.
func (g *group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
