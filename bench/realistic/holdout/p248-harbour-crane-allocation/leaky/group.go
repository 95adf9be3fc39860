package cranes

import (
	"context"
	"sync"
)

// group runs related tasks and remembers the first error. The first
// failing task cancels the context handed out by newGroup.
type group struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc

	once sync.Once
	err  error
}

func newGroup(parent context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &group{cancel: cancel}, ctx
}

// Go runs fn in its own goroutine.
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

// Wait blocks until every task has returned and reports the first error.
func (g *group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}

// Cancel cancels the group's context without waiting.
func (g *group) Cancel() { g.cancel() }
