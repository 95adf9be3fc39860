package stocksync

import (
	"context"
	"sync"
)

// fanout runs functions concurrently and reports the first error,
// cancelling the shared context so the remaining calls can give up early.
type fanout struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	errc   chan error
}

func newFanout(parent context.Context) *fanout {
	ctx, cancel := context.WithCancel(parent)
	return &fanout{ctx: ctx, cancel: cancel, errc: make(chan error)}
}

// Go runs fn in its own goroutine.
func (f *fanout) Go(fn func(ctx context.Context) error) {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		if err := fn(f.ctx); err != nil {
			select {
			case f.errc <- err:
			case <-f.ctx.Done():
			}
		}
	}()
}

// Wait blocks until every function returned or one of them failed.
func (f *fanout) Wait() error {
	go func() {
		f.wg.Wait()
		close(f.errc)
	}()
	defer f.cancel()
	if err, ok := <-f.errc; ok {
		return err
	}
	return f.ctx.Err()
}
