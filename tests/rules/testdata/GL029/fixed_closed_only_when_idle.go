package fixedclosedonlywhenidle

import (
	"errors"
	"sync"
)

var errUnusable = errors.New("pool unusable")

// Pool lends a bounded number of slots; takers wait while every slot is in use.
type Pool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	active map[int]bool
	max    int
	closed bool
}

func NewPool(max int) *Pool {
	p := &Pool{active: make(map[int]bool), max: max}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) take(id int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return errUnusable
		}
		if len(p.active) < p.max {
			p.active[id] = true
			return nil
		}
		p.cond.Wait()
	}
}

func (p *Pool) release(id int) {
	p.mu.Lock()
	delete(p.active, id)
	p.mu.Unlock()
	p.cond.Broadcast()
}

// closeIfIdle retires the pool only when no slot is in use: then no taker can be
// waiting for one.
func (p *Pool) closeIfIdle() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.active) > 0 {
		return false
	}
	p.closed = true
	return true
}
