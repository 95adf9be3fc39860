package replacedentryunlesssame

import (
	"sync"
	"time"
)

// run: r := NewRegistry(); r.Watch("db", time.Millisecond); r.Watch("db", 2*time.Millisecond); r.Close(); time.Sleep(100 * time.Millisecond)

// prober pings one target on its own goroutine until stop.
type prober struct {
	every time.Duration
	quit  chan struct{}
	seen  int
}

func newProber(every time.Duration) *prober {
	p := &prober{every: every, quit: make(chan struct{})}
	go p.run()
	return p
}

func (p *prober) run() {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
			p.seen++
		}
	}
}

func (p *prober) stop() { close(p.quit) }

// Registry keeps one prober per target.
type Registry struct {
	mu      sync.Mutex
	probers map[string]*prober
}

func NewRegistry() *Registry { return &Registry{probers: map[string]*prober{}} }

// Watch starts probing target at the given pace, or changes the pace.
func (r *Registry) Watch(target string, every time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.probers[target]; ok && p.every == every {
		return
	}
	r.probers[target] = newProber(every) // want "the object this store replaces keeps its goroutine `run` running forever: `Watch` puts a new `newProber\\(...\\)` under a key of `r.probers` that may hold one"
}

// Close stops every prober.
func (r *Registry) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.probers {
		p.stop()
	}
}
