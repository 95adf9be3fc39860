package dnspush

import "context"

// group runs tasks concurrently and returns the first error, cancelling the
// context of the others when one fails. It stands in for errgroup, which this
// module does not depend on.
type group struct {
	ctx    context.Context
	cancel context.CancelFunc
	errc   chan error
	n      int
}

func newGroup(parent context.Context) *group {
	ctx, cancel := context.WithCancel(parent)
	return &group{ctx: ctx, cancel: cancel, errc: make(chan error)}
}

// Go runs f in a new goroutine.
func (g *group) Go(f func(ctx context.Context) error) {
	g.n++
	go func() {
		g.errc <- f(g.ctx)
	}()
}

// Wait returns the first error of the tasks, or nil once all succeeded.
func (g *group) Wait() error {
	defer g.cancel()
	var first error
	for i := 0; i < g.n; i++ {
		if err := <-g.errc; err != nil && first == nil {
			first = err
			g.cancel()
		}
	}
	return first
}
