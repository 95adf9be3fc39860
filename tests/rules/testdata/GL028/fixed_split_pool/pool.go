package fixedsplitpool

import "sync"

// Pool's workers live in worker.go.
type Pool struct {
	jobs chan int
	wg   sync.WaitGroup
	once sync.Once
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan int)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

// Close stops taking jobs and waits for the workers.
func (p *Pool) Close() {
	p.once.Do(func() { close(p.jobs) })
	p.wg.Wait()
}
