package exittestflagunwoken

import (
	"errors"
	"sync"
	"time"
)

// run: p := NewPantry(); go p.Take(3); time.Sleep(100 * time.Millisecond); p.Close(); time.Sleep(100 * time.Millisecond)

var errClosed = errors.New("pantry closed")

// Pantry hands out jars; Take waits until enough are in.
type Pantry struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jars   int
	closed bool
	opened time.Time
}

func NewPantry() *Pantry {
	p := &Pantry{opened: time.Now()}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pantry) Take(n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return errClosed
		}
		if p.jars >= n {
			p.jars -= n
			return nil
		}
		p.cond.Wait() // want "`p\\.cond\\.Wait\\(\\)` may never return: `Close` sets `p\\.closed`, which this loop waits on, without `Signal` or `Broadcast`"
	}
}

func (p *Pantry) Stock(n int) {
	p.mu.Lock()
	p.jars += n
	p.mu.Unlock()
	p.cond.Broadcast()
}

// Close fails every waiting Take.
func (p *Pantry) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
}
