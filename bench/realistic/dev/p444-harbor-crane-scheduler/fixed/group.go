package cranes

import (
	"context"
	"sync"
)

// crew runs crane jobs side by side and cancels the rest as soon as
// one of them fails.
type crew struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
	once   sync.Once
	err    error
	done   chan struct{}
}

func newCrew(ctx context.Context, size int) (*crew, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	c := &crew{cancel: cancel, done: make(chan struct{})}
	c.wg.Add(size)
	return c, ctx
}

func (c *crew) start(job func() error) {
	go func() {
		defer c.wg.Done()
		if err := job(); err != nil {
			c.once.Do(func() {
				c.err = err
				c.cancel()
			})
		}
	}()
}

// wait returns the first job error once every job has returned, or
// ctx.Err() if ctx ends first.
func (c *crew) wait(ctx context.Context) error {
	go func() {
		c.wg.Wait()
		close(c.done)
	}()
	select {
	case <-c.done:
		c.cancel()
		return c.err
	case <-ctx.Done():
		c.cancel()
		return ctx.Err()
	}
}
