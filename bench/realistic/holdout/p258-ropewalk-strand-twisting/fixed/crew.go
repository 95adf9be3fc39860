package ropewalk

import (
	"context"
	"sync"
)

// crew runs strand jobs on a limited number of forming hooks and stops the
// whole order as soon as one job fails.
type crew struct {
	ctx    context.Context
	cancel context.CancelFunc
	hooks  chan struct{}
	wg     sync.WaitGroup

	once   sync.Once
	err    error
	failed chan struct{}
}

func newCrew(parent context.Context, hooks int) *crew {
	ctx, cancel := context.WithCancel(parent)
	return &crew{
		ctx:    ctx,
		cancel: cancel,
		hooks:  make(chan struct{}, hooks),
		failed: make(chan struct{}),
	}
}

func (c *crew) fail(err error) {
	c.once.Do(func() {
		c.err = err
		c.cancel()
		close(c.failed)
	})
}

// dispatch starts every job as soon as a hook is free.
func (c *crew) dispatch(jobs []func(context.Context) error) {
	for _, job := range jobs {
		select {
		case c.hooks <- struct{}{}:
		case <-c.ctx.Done():
			return
		}
		c.wg.Add(1)
		go func(job func(context.Context) error) {
			defer c.wg.Done()
			defer func() { <-c.hooks }()
			if err := job(c.ctx); err != nil {
				c.fail(err)
			}
		}(job)
	}
}

// wait returns nil once every job has finished, or the first error as soon
// as any job fails.
func (c *crew) wait() error {
	idle := make(chan struct{})
	go func() {
		c.wg.Wait()
		close(idle)
	}()
	select {
	case <-idle:
		c.cancel()
		return c.err
	case <-c.failed:
		return c.err
	}
}
