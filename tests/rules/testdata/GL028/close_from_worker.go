package closefromworker

import (
	"errors"
	"sync"
)

// run: p := NewPool(2); p.Submit(-1)

// ErrBadJob stops the pool.
var ErrBadJob = errors.New("bad job")

// Pool runs jobs on a fixed number of workers.
type Pool struct {
	jobs chan int
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan int, 8), quit: make(chan struct{})}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

// Submit queues a job, unless the pool has stopped.
func (p *Pool) Submit(j int) {
	select {
	case p.jobs <- j:
	case <-p.quit:
	}
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for {
		select {
		case <-p.quit:
			return
		case j := <-p.jobs:
			if j < 0 {
				p.fail(ErrBadJob)
			}
		}
	}
}

func (p *Pool) fail(err error) {
	p.mu.Lock()
	p.err = err
	p.mu.Unlock()
	p.Close()
}

// Close stops the workers and waits for them.
func (p *Pool) Close() error {
	p.once.Do(func() { close(p.quit) })
	p.wg.Wait() // want "`p.wg.Wait\\(\\)` is reached from `worker` \\(through `p.fail`, then `p.Close`\\), which is counted by `p.wg`"
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}
