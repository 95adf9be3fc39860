package healthchecks

import (
	"sync"
	"time"
)

// Target is one endpoint to watch.
type Target struct {
	Name string
	URL  string
}

// checker watches one target until its quit channel is closed.
type checker struct {
	target Target
	quit   chan struct{}
	done   chan struct{}
}

// Registry keeps one checker per target name.
type Registry struct {
	every    time.Duration
	mu       sync.Mutex
	checkers map[string]*checker
	status   map[string]bool
}

func NewRegistry(every time.Duration) *Registry {
	return &Registry{every: every, checkers: make(map[string]*checker), status: make(map[string]bool)}
}

func (r *Registry) newChecker(t Target) *checker {
	return &checker{target: t, quit: make(chan struct{}), done: make(chan struct{})}
}

// Reconfigure stops the checkers of targets no longer wanted and starts checkers for
// new or changed ones.
func (r *Registry) Reconfigure(targets []Target) {
	wanted := make(map[string]bool, len(targets))
	for _, t := range targets {
		wanted[t.Name] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, c := range r.checkers {
		if !wanted[name] {
			close(c.quit)
			delete(r.checkers, name)
		}
	}
	for _, t := range targets {
		if old, ok := r.checkers[t.Name]; ok {
			if old.target == t {
				continue
			}
			close(old.quit)
		}
		c := r.newChecker(t)
		r.checkers[t.Name] = c
		go r.watch(c)
	}
}

func (r *Registry) watch(c *checker) {
	defer close(c.done)
	tick := time.NewTicker(r.every)
	defer tick.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-tick.C:
			r.mu.Lock()
			r.status[c.target.Name] = c.target.URL != ""
			r.mu.Unlock()
		}
	}
}

// Close stops every checker and waits for it.
func (r *Registry) Close() {
	r.mu.Lock()
	checkers := r.checkers
	r.checkers = make(map[string]*checker)
	r.mu.Unlock()
	for _, c := range checkers {
		close(c.quit)
	}
	for _, c := range checkers {
		<-c.done
	}
}
