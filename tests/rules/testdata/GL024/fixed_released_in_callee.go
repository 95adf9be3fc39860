package fixedreleasedincallee

import "sync"

// Pipeline's lock order is commit.mu, then mu; a function holding mu that needs
// commit.mu lets go of mu first and takes both in that order.
type Pipeline struct {
	commit  commitQueue
	mu      sync.Mutex
	pending []int
}

type commitQueue struct {
	mu sync.Mutex
	n  int
}

// Flush takes them in order.
func (p *Pipeline) Flush() {
	p.commit.mu.Lock()
	defer p.commit.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.commit.n += len(p.pending)
	p.pending = nil
}

// Compact holds mu, then calls a literal that releases it before taking commit.mu.
func (p *Pipeline) Compact() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := func() int {
		if len(p.pending) == 0 {
			return 0
		}
		p.mu.Unlock()
		p.commit.mu.Lock()
		p.mu.Lock()
		defer p.commit.mu.Unlock()
		return p.commit.n
	}()
	return n + len(p.pending)
}
