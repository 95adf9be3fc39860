// Package conns is a bounded connection pool whose callers wait for a free connection.
package conns

import (
	"errors"
	"sync"
)

// Conn is a pooled connection.
type Conn struct {
	ID int
}

// ErrPoolClosed is returned by Get after Close.
var ErrPoolClosed = errors.New("conns: pool closed")

// Pool hands out at most size connections.
type Pool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	idle   []*Conn
	open   int
	size   int
	closed bool
	dial   func(id int) (*Conn, error)
}

// NewPool makes a pool that dials lazily.
func NewPool(size int, dial func(id int) (*Conn, error)) *Pool {
	p := &Pool{size: size, dial: dial}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Get returns an idle connection, dials a new one, or waits for one to be Put back.
func (p *Pool) Get() (*Conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return nil, ErrPoolClosed
		}
		if n := len(p.idle); n > 0 {
			c := p.idle[n-1]
			p.idle = p.idle[:n-1]
			return c, nil
		}
		if p.open < p.size {
			p.open++
			c, err := p.dial(p.open)
			if err != nil {
				p.open--
				return nil, err
			}
			return c, nil
		}
		p.cond.Wait()
	}
}

// Put returns a connection to the pool.
func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle = append(p.idle, c)
	p.cond.Signal()
}

// Close fails every waiting and future Get.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.cond.Broadcast() // every waiter must see closed
}
