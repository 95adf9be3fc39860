package fanout

import (
	"context"
	"sync"
)

// group runs functions concurrently and reports the first error.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	errc   chan error
}

func newGroup(parent context.Context) *group {
	ctx, cancel := context.WithCancel(parent)
	return &group{ctx: ctx, cancel: cancel, errc: make(chan error)}
}

// Go runs fn in its own goroutine.
func (g *group) Go(fn func(ctx context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(g.ctx); err != nil {
			g.errc <- err
		}
	}()
}

// Wait returns the first error, or nil once every function returned.
func (g *group) Wait() error {
	go func() {
		g.wg.Wait()
		close(g.errc)
	}()
	defer g.cancel()
	if err, ok := <-g.errc; ok {
		return err
	}
	return nil
}
