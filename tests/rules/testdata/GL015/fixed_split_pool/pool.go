package fixedsplitpool

import "sync"


type Task struct {
	ID   int
	Skip bool
}

// Pool runs tasks on goroutines of their own; Flush waits for them.
type Pool struct {
	pending sync.WaitGroup
	mu      sync.Mutex
	results []int
}

func (p *Pool) Submit(t Task) {
	p.pending.Add(1)
	go p.run(t)
}

func (p *Pool) Flush() []int {
	p.pending.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.results
}
