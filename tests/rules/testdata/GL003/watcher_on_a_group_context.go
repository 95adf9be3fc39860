package groupwatcher

import (
	"context"
	"sync"
)

// serviceContext lives as long as the process.
var serviceContext = context.Background()

// run: _ = Rebalance(serviceContext, []string{"a", "b"})

// group runs tasks; the first failure cancels the context it hands out.
type group struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

func newGroup(parent context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(parent)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

type shard struct {
	mu      sync.Mutex
	aborted bool
}

// abortOn marks the shard aborted once ctx ends.
func (s *shard) abortOn(ctx context.Context) {
	<-ctx.Done() // want "goroutine blocks on `gctx.Done\(\)` forever once `Rebalance` returns at line 66: nothing cancels `gctx`"
	s.mu.Lock()
	s.aborted = true
	s.mu.Unlock()
}

// Rebalance moves every shard; a failed move stops the others.
func Rebalance(ctx context.Context, names []string) error {
	g, gctx := newGroup(ctx)
	for _, name := range names {
		s := &shard{}
		go s.abortOn(gctx)
		name := name
		g.Go(func() error { _ = name; return nil })
	}
	return g.Wait()
}
