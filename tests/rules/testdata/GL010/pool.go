package pool

import "sync"

// run: runBatch(3)

// Pool runs submitted jobs on a fixed set of workers until Shutdown closes the queue.
type Pool struct {
	jobs chan func()
	wg   sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for job := range p.jobs {
				job()
			}
		}()
	}
	return p
}

func (p *Pool) Submit(job func()) { p.jobs <- job }

func (p *Pool) Shutdown() {
	close(p.jobs)
	p.wg.Wait()
}

func runBatch(n int) {
	squares := make([]int, n)
	p := NewPool(2) // want "`NewPool` starts a goroutine, which runs until `Shutdown` stops it; nothing calls `p.Shutdown\(\)` here, so it never stops"
	for i := 0; i < n; i++ {
		i := i
		p.Submit(func() { squares[i] = i * i })
	}
}
