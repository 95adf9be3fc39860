package groupleftopen

// run: _, _ = Sum(serviceContext, []int{-1, -2, -3, -4})

import (
	"context"
	"errors"
	"sync"
)

// serviceContext lives as long as the process.
var serviceContext = context.Background()

type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// newGroup runs tasks with a context that Wait cancels once they are all done.
func newGroup(parent context.Context) *group {
	ctx, cancel := context.WithCancel(parent)
	return &group{ctx: ctx, cancel: cancel}
}

func (g *group) Go(fn func(ctx context.Context)) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		fn(g.ctx)
	}()
}

func (g *group) Wait() {
	g.wg.Wait()
	g.cancel()
}

func measure(ctx context.Context, id int) int { return id }

func Sum(ctx context.Context, ids []int) (int, error) {
	g := newGroup(ctx)
	values := make(chan int)
	for _, id := range ids {
		id := id
		g.Go(func(ctx context.Context) {
			select { // want "blocks sending on `values`.*nothing cancels `g.ctx`"
			case values <- measure(ctx, id):
			case <-ctx.Done():
			}
		})
	}
	sum := 0
	for range ids {
		v := <-values
		if v < 0 {
			return 0, errors.New("negative")
		}
		sum += v
	}
	g.Wait()
	return sum, nil
}
