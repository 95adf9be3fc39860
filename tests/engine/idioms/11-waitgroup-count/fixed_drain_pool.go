package fixed_drain_pool

import (
	"sync"
	"time"
)

// run: p := NewPool(); p.Submit(Job{ID: 1}); p.Submit(Job{ID: 2, Cancelled: true}); go p.Drain()

// Job is a unit of work; a cancelled job is skipped.
type Job struct {
	ID        int
	Cancelled bool
}

// Pool runs each submitted job on its own goroutine; Drain waits for all of them.
type Pool struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	done []int
}

func NewPool() *Pool { return &Pool{} }

func (p *Pool) Submit(j Job) {
	p.wg.Add(1)
	go p.work(j)
}

func (p *Pool) work(j Job) {
	defer p.wg.Done() // skipped jobs count as finished
	if j.Cancelled {
		return
	}
	time.Sleep(time.Millisecond)
	p.mu.Lock()
	p.done = append(p.done, j.ID)
	p.mu.Unlock()
}

// Drain blocks until every submitted job has finished.
func (p *Pool) Drain() {
	p.wg.Wait()
}
