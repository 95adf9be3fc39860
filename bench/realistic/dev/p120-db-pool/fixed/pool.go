// Package connpool keeps a pool of database connections, checks the idle ones
// periodically and closes those that have been idle for too long.
package connpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrPoolClosed is returned by Get after Close.
var ErrPoolClosed = errors.New("connpool: pool closed")

// Option configures a Pool.
type Option func(*Pool)

// WithMinIdle opens n connections up front.
func WithMinIdle(n int) Option { return func(p *Pool) { p.minIdle = n } }

// WithHealthCheck sets how often idle connections are pinged, and how long a
// ping may take.
func WithHealthCheck(every, timeout time.Duration) Option {
	return func(p *Pool) { p.healthEvery, p.pingTimeout = every, timeout }
}

// WithMaxIdleTime closes connections that have sat idle for longer than d.
func WithMaxIdleTime(d time.Duration) Option { return func(p *Pool) { p.maxIdleTime = d } }

// Pool hands out connections made by a Driver.
type Pool struct {
	driver                                Driver
	minIdle                               int
	healthEvery, pingTimeout, maxIdleTime time.Duration

	mu     sync.Mutex
	idle   []*Conn
	closed bool

	stop chan struct{}
}

// Conn is a pooled connection.
type Conn struct {
	raw       RawConn
	idleSince time.Time
}

// Exec runs a statement on the connection.
func (c *Conn) Exec(ctx context.Context, query string) error { return c.raw.Exec(ctx, query) }

// Open creates a pool, dials the minimum number of idle connections and starts
// the maintenance loop.
func Open(ctx context.Context, d Driver, opts ...Option) (*Pool, error) {
	p := &Pool{
		driver:      d,
		healthEvery: 30 * time.Second,
		pingTimeout: time.Second,
		stop:        make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	for i := 0; i < p.minIdle; i++ {
		raw, err := d.Dial(ctx)
		if err != nil {
			p.closeIdle()
			return nil, fmt.Errorf("connpool: warm up connection %d: %w", i, err)
		}
		p.idle = append(p.idle, &Conn{raw: raw, idleSince: time.Now()})
	}
	go p.maintain()
	return p, nil
}

// Get returns an idle connection or dials a new one.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrPoolClosed
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	raw, err := p.driver.Dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("connpool: dial: %w", err)
	}
	return &Conn{raw: raw}, nil
}

// Put returns c to the pool.
func (p *Pool) Put(c *Conn) {
	c.idleSince = time.Now()
	p.release([]*Conn{c})
}

// release makes conns idle again, or closes them if the pool is closed.
func (p *Pool) release(conns []*Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		if p.closed {
			c.raw.Close()
			continue
		}
		p.idle = append(p.idle, c)
	}
}

// Close stops maintenance and closes the idle connections. Connections that
// are checked out are closed when they are Put back.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrPoolClosed
	}
	p.closed = true
	p.mu.Unlock()
	close(p.stop)
	p.closeIdle()
	return nil
}

func (p *Pool) closeIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.raw.Close()
	}
	p.idle = nil
}
