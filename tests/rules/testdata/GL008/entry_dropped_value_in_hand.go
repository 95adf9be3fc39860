package entrydroppedvalueinhand

import (
	"context"
	"sync"
)

// run: p := NewPool(); p.Add("a"); p.Remove("a"); p.Close()

type worker struct {
	jobs   chan string
	cancel context.CancelFunc
	done   int
}

func (w *worker) run(ctx context.Context) {
	for job := range w.jobs { // want "goroutine `run` never finishes ranging over `w.jobs`: `Remove` deletes its entry from `workers` at line \d+ without closing `w.jobs`"
		if ctx.Err() != nil {
			continue // cancelled: skip what is left
		}
		w.done += len(job)
	}
}

// Pool runs one worker per name.
type Pool struct {
	mu      sync.Mutex
	workers map[string]*worker
}

// NewPool returns an empty Pool.
func NewPool() *Pool { return &Pool{workers: make(map[string]*worker)} }

// Add starts a worker for name, unless one runs for it already.
func (p *Pool) Add(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.workers[name]; ok {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &worker{jobs: make(chan string, 4), cancel: cancel}
	p.workers[name] = w
	go w.run(ctx)
}

// Remove stops the worker for name: its context is cancelled, and its entry dropped.
func (p *Pool) Remove(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w, ok := p.workers[name]
	if !ok {
		return
	}
	delete(p.workers, name)
	w.cancel()
}

// Close stops every worker.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for name, w := range p.workers {
		close(w.jobs)
		w.cancel()
		delete(p.workers, name)
	}
}
