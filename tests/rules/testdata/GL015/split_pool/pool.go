package splitpool

import "sync"

// run: p := &Pool{}; p.Submit(Task{ID: 1}); p.Submit(Task{ID: 2, Skip: true}); go p.Flush()

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
	p.pending.Wait() // want "`p.pending.Wait\\(\\)` blocks forever: the goroutine started at line 21 returns at run.go:5 without calling `p.pending.Done\\(\\)`"
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.results
}
