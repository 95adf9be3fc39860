package fixedcountedperworker

import "sync"

// Pool counts its workers, not the jobs: a worker that skips a job owes no Done for it.
type Pool struct {
	jobs    chan func() error
	workers sync.WaitGroup
	queued  sync.WaitGroup
}

// NewPool starts n workers.
func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func() error)}
	for i := 0; i < n; i++ {
		p.workers.Add(1)
		go p.work()
	}
	return p
}

// Submit hands a job to a worker.
func (p *Pool) Submit(job func() error) {
	p.queued.Add(1)
	p.jobs <- job
	p.queued.Done()
}

func (p *Pool) work() {
	defer p.workers.Done()
	for job := range p.jobs {
		if job == nil {
			continue
		}
		_ = job()
	}
}

// Close stops the workers once they finish what they hold.
func (p *Pool) Close() {
	close(p.jobs)
	p.workers.Wait()
	p.queued.Wait()
}
