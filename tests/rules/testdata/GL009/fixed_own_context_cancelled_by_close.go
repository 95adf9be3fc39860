package owncontextcancelled

import "context"

// Pool's workers end on its own context, which Shutdown cancels; Shutdown also closes
// `closing`, which Submit polls to refuse new work: the workers need not watch it
// (a webhook retrier, blind dev p108's fixed twin).
type Pool struct {
	ctx     context.Context
	cancel  context.CancelFunc
	queue   chan int
	closing chan struct{}
}

func NewPool(n int) *Pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{ctx: ctx, cancel: cancel, queue: make(chan int), closing: make(chan struct{})}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) Submit(v int) bool {
	select {
	case <-p.closing:
		return false
	default:
	}
	select {
	case p.queue <- v:
		return true
	case <-p.ctx.Done():
		return false
	}
}

func (p *Pool) work() {
	for {
		select {
		case <-p.ctx.Done():
			return
		case v := <-p.queue:
			_ = v
		}
	}
}

func (p *Pool) Shutdown() {
	close(p.closing)
	p.cancel()
}
