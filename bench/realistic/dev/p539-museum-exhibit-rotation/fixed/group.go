package rotation

import (
	"context"
	"fmt"
	"sync"
)

// taskGroup runs related tasks and records the first failure. A failure
// cancels the context handed out by newTaskGroup so that the remaining tasks
// can stop early.
type taskGroup struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

func newTaskGroup(parent context.Context) (*taskGroup, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &taskGroup{cancel: cancel}, ctx
}

// Go runs f in its own goroutine.
func (g *taskGroup) Go(name string, f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				g.fail(fmt.Errorf("%s: panic: %v", name, p))
			}
		}()
		if err := f(); err != nil {
			g.fail(fmt.Errorf("%s: %w", name, err))
		}
	}()
}

func (g *taskGroup) fail(err error) {
	g.once.Do(func() {
		g.err = err
		g.cancel()
	})
}

// Wait blocks until every task has returned and reports the first failure.
func (g *taskGroup) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}
