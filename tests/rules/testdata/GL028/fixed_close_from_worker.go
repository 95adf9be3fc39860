package fixedclosefromworker

import (
	"errors"
	"sync"
)

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

// fail records the error and tells the workers to stop; it does not wait for them.
func (p *Pool) fail(err error) {
	p.mu.Lock()
	p.err = err
	p.mu.Unlock()
	p.stop()
}

func (p *Pool) stop() { p.once.Do(func() { close(p.quit) }) }

// Close stops the workers and waits for them.
func (p *Pool) Close() error {
	p.stop()
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}
