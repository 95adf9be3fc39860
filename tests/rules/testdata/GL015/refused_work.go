package refusedwork

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// run: p := NewPool(1); p.StopAccepting(); _ = p.Submit(context.Background(), 1); ctx, cancel := context.WithCancel(context.Background()); cancel(); _ = p.Drain(ctx); p.Close()

var ErrClosed = errors.New("pool closed")

type Pool struct {
	jobs    chan int
	closing atomic.Bool
	pending sync.WaitGroup
	workers sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan int, 4)}
	p.workers.Add(n)
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.workers.Done()
	for range p.jobs {
		p.pending.Done()
	}
}

// Submit counts the job in before it looks at closing, and forgets to count it out.
func (p *Pool) Submit(ctx context.Context, job int) error {
	p.pending.Add(1)
	if p.closing.Load() {
		return ErrClosed
	}
	select {
	case p.jobs <- job:
		return nil
	case <-ctx.Done():
		p.pending.Done()
		return ctx.Err()
	}
}

func (p *Pool) StopAccepting() { p.closing.Store(true) }

func (p *Pool) Drain(ctx context.Context) error {
	drained := make(chan struct{})
	go func() {
		p.pending.Wait() // want "`p.pending.Wait\\(\\)` never returns once `Submit` has refused work: it adds to `pending`, then returns at line 41 without handing the work on or calling `Done`"
		close(drained)
	}()
	select {
	case <-drained:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pool) Close() {
	close(p.jobs)
	p.workers.Wait()
}
