package tenants

import "sync"

// run: r := NewRegistry(); r.Sync([]string{"a", "b"}); r.Sync([]string{"a"}); r.Close()

type worker struct {
	name string
	jobs chan string
	done chan struct{}
}

func (w *worker) run() {
	defer close(w.done)
	for job := range w.jobs {
		_ = job
	}
}

// Registry keeps one worker per tenant.
type Registry struct {
	mu      sync.Mutex
	workers map[string]*worker
}

func NewRegistry() *Registry {
	return &Registry{workers: make(map[string]*worker)}
}

// Sync starts workers for new tenants and forgets the ones that are gone.
func (r *Registry) Sync(names []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	keep := make(map[string]bool, len(names))
	for _, name := range names {
		keep[name] = true
		if _, ok := r.workers[name]; !ok {
			w := &worker{name: name, jobs: make(chan string, 8), done: make(chan struct{})}
			r.workers[name] = w
			go w.run()
		}
	}
	for name := range r.workers {
		if w := r.workers[name]; !keep[name] {
			close(w.jobs)
			delete(r.workers, name)
		}
	}
}

// Close ends every worker and waits for it.
func (r *Registry) Close() {
	r.mu.Lock()
	workers := r.workers
	r.workers = nil
	for _, w := range workers {
		close(w.jobs)
	}
	r.mu.Unlock()
	for _, w := range workers {
		<-w.done
	}
}
