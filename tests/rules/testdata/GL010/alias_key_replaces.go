package aliaskey

import (
	"strings"
	"sync"
)

// run: r := NewRouter(); r.Send("chrome", "hide-1"); r.Send("Chrome", "hide-2"); r.Close()

type worker struct {
	in   chan string
	done chan struct{}
}

func (w *worker) run() {
	defer close(w.done)
	for job := range w.in {
		_ = job
	}
}

// Router runs one worker per process, kept under the process's canonical name.
type Router struct {
	mu      sync.Mutex
	workers map[string]*worker
}

func NewRouter() *Router { return &Router{workers: make(map[string]*worker)} }

func (r *Router) start() *worker {
	w := &worker{in: make(chan string, 4), done: make(chan struct{})}
	go w.run()
	return w
}

func (r *Router) Send(process, job string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, ok := r.workers[process]
	if !ok {
		name := strings.ToLower(process)
		w = r.start()
		r.workers[name] = w // want "the object this store replaces keeps its goroutine `run` running forever"
	}
	w.in <- job
}

// Close stops every worker still in the map.
func (r *Router) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, w := range r.workers {
		close(w.in)
		<-w.done
		delete(r.workers, name)
	}
}
