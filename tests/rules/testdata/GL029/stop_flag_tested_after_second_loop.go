package playout

import "sync"

// run: p := NewPreloader(2); p.Close()

// Preloader loads tracks ahead of the on-air position, at most depth of them.
type Preloader struct {
	mu     sync.Mutex
	cond   *sync.Cond
	depth  int
	queue  []string
	ready  []string
	closed bool
}

// NewPreloader starts the loading goroutine.
func NewPreloader(depth int) *Preloader {
	p := &Preloader{depth: depth}
	p.cond = sync.NewCond(&p.mu)
	go p.run()
	return p
}

// Enqueue asks for a track to be loaded.
func (p *Preloader) Enqueue(track string) {
	p.mu.Lock()
	p.queue = append(p.queue, track)
	p.cond.Broadcast()
	p.mu.Unlock()
}

// Next takes the next loaded track.
func (p *Preloader) Next() (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.ready) == 0 {
		return "", false
	}
	t := p.ready[0]
	p.ready = p.ready[1:]
	p.cond.Broadcast()
	return t, true
}

// WaitFull waits until the buffer of loaded tracks is full.
func (p *Preloader) WaitFull() {
	p.mu.Lock()
	for len(p.ready) < p.depth {
		p.cond.Wait()
	}
	p.mu.Unlock()
}

// Close stops preloading; loaded tracks can still be taken with Next.
func (p *Preloader) Close() {
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
}

func (p *Preloader) run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for len(p.ready) >= p.depth {
			p.cond.Wait()
		}
		for len(p.queue) == 0 {
			p.cond.Wait() // want "`p.cond.Wait\\(\\)` may never return once `Close` has run: it sets `p.closed` and wakes the waiters, but this loop does not test `p.closed`, though the code right after it does"
		}
		if p.closed {
			return
		}
		t := p.queue[0]
		p.queue = p.queue[1:]
		p.ready = append(p.ready, t)
		p.cond.Broadcast()
	}
}
