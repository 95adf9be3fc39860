package replacedholderclosedbycopy

import "sync"

// run: r := NewResizer(2); r.Retune(3); r.Stop()

// pool is a set of workers draining one task queue.
type pool struct {
	size  int
	tasks chan string
	wg    sync.WaitGroup
}

// Resizer resizes images on a pool that Retune replaces.
type Resizer struct {
	mu   sync.Mutex
	pool *pool
	done int
}

func NewResizer(workers int) *Resizer {
	r := &Resizer{}
	r.pool = r.startPool(workers)
	return r
}

func (r *Resizer) startPool(workers int) *pool {
	p := &pool{size: workers, tasks: make(chan string, 8)}
	for i := 0; i < workers; i++ {
		p.wg.Add(1)
		go r.resize(p)
	}
	return p
}

func (r *Resizer) resize(p *pool) {
	defer p.wg.Done()
	for range p.tasks {
		r.mu.Lock()
		r.done++
		r.mu.Unlock()
	}
}

// Retune moves to a pool of another size.
func (r *Resizer) Retune(workers int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.pool
	if prev.size == workers {
		return
	}
	r.pool = r.startPool(workers) // want "the object this store replaces keeps its goroutine `resize` running forever: `Retune` puts a new `startPool\\(...\\)` in `r.pool`, which holds one since the object was made, without closing the old one's `tasks`"
}

// Stop lets the pool finish its queue and waits for it.
func (r *Resizer) Stop() {
	r.mu.Lock()
	p := r.pool
	r.mu.Unlock()
	close(p.tasks)
	p.wg.Wait()
}
