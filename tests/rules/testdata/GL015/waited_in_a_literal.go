package waitedinaliteral

import (
	"context"
	"sync"
)

// run: ctx, cancel := context.WithCancel(serviceContext); c := newCrew(ctx, 0); c.Go(func(context.Context) error { return nil }); cancel(); _ = c.Wait(ctx)

var serviceContext = context.Background()

// crew runs jobs on a few slots, until its context ends.
type crew struct {
	ctx   context.Context
	slots chan struct{}
	wg    sync.WaitGroup
}

func newCrew(ctx context.Context, size int) *crew {
	return &crew{ctx: ctx, slots: make(chan struct{}, size)}
}

// Go schedules job; a job still waiting for a slot when the crew's context ends gives up.
func (c *crew) Go(job func(context.Context) error) {
	c.wg.Add(1)
	go func() {
		select {
		case c.slots <- struct{}{}:
		case <-c.ctx.Done():
			return
		}
		_ = job(c.ctx)
		<-c.slots
		c.wg.Done()
	}()
}

// Wait waits for every job in a goroutine of its own (WAITED_IN_A_LITERAL), or for ctx.
func (c *crew) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		c.wg.Wait() // want "`c\\.wg\\.Wait\\(\\)` blocks forever: the goroutine started at line 26 returns at line 30 without calling"
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
