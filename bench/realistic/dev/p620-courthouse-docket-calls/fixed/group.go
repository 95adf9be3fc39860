package docket

import (
	"context"
	"sync"
)

// group runs related tasks and keeps the first error, cancelling the
// shared context when one fails.
type group struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc

	once sync.Once
	err  error
}

func newGroup(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
