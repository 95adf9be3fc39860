package fixedwaitedinaliteral

import (
	"context"
	"sync"
)

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
		defer c.wg.Done()
		select {
		case c.slots <- struct{}{}:
		case <-c.ctx.Done():
			return
		}
		_ = job(c.ctx)
		<-c.slots
	}()
}

// Wait waits for every job in a goroutine of its own or for ctx.
func (c *crew) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		c.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
