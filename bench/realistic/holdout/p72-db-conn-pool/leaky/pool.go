// Package pool is a bounded pool of database connections with idle
// reaping and waiting when every connection is in use.
package pool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrPoolClosed is returned by Get once the pool has been closed.
var ErrPoolClosed = errors.New("pool: closed")

// Config sets the pool's limits. Zero fields take defaults.
type Config struct {
	// MaxOpen bounds the number of open connections, idle or in use.
	MaxOpen int
	// MaxIdle bounds the number of idle connections kept for reuse.
	MaxIdle int
	// MaxIdleTime closes connections that have been idle this long.
	// Zero disables reaping.
	MaxIdleTime time.Duration
	// Clock is used for idle bookkeeping and the reaper's ticker.
	Clock Clock
}

// Stats is a snapshot of pool usage.
type Stats struct {
	Open      int
	Idle      int
	InUse     int
	Waiting   int
	WaitCount int64
	Reaped    int64
}

// Pool hands out connections from a Connector, keeping at most
// Config.MaxOpen open at once. It is safe for concurrent use.
type Pool struct {
	connector Connector
	cfg       Config

	mu        sync.Mutex
	cond      *sync.Cond
	idle      []idleConn
	numOpen   int
	waiting   int
	waitCount int64
	reaped    int64
	closed    bool

	stopReaper chan struct{}
	reaperDone chan struct{}
}

// New returns a pool that opens connections with connector.
func New(connector Connector, cfg Config) *Pool {
	if cfg.MaxOpen <= 0 {
		cfg.MaxOpen = 10
	}
	if cfg.MaxIdle <= 0 || cfg.MaxIdle > cfg.MaxOpen {
		cfg.MaxIdle = cfg.MaxOpen
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	p := &Pool{connector: connector, cfg: cfg}
	p.cond = sync.NewCond(&p.mu)
	if cfg.MaxIdleTime > 0 {
		p.stopReaper = make(chan struct{})
		p.reaperDone = make(chan struct{})
		go p.reap(cfg.MaxIdleTime / 2)
	}
	return p
}

// Get returns an idle connection, opens a new one if the pool is below
// MaxOpen, or waits for one to be released until ctx is done.
func (p *Pool) Get(ctx context.Context) (*Conn, error) {
	p.mu.Lock()
	stopWatch := func() {}
	watching := false
	for {
		if p.closed {
			p.mu.Unlock()
			return nil, ErrPoolClosed
		}
		if err := ctx.Err(); err != nil {
			p.mu.Unlock()
			stopWatch()
			return nil, fmt.Errorf("pool: waiting for connection: %w", err)
		}
		if n := len(p.idle); n > 0 {
			ic := p.idle[n-1]
			p.idle = p.idle[:n-1]
			p.mu.Unlock()
			stopWatch()
			ic.conn.returned = false
			return ic.conn, nil
		}
		if p.numOpen < p.cfg.MaxOpen {
			p.numOpen++
			p.mu.Unlock()
			stopWatch()
			return p.open(ctx)
		}
		if !watching {
			stopWatch = p.wakeOnDone(ctx)
			watching = true
		}
		p.waiting++
		p.waitCount++
		p.cond.Wait()
		p.waiting--
	}
}

// wakeOnDone wakes waiters when ctx is done, since sync.Cond cannot wait on
// a channel. The returned function stops watching ctx.
func (p *Pool) wakeOnDone(ctx context.Context) func() {
	if ctx.Done() == nil {
		return func() {}
	}
	stop := make(chan struct{})
	go func() {
		select { // leak: stop never closed when Get returns ErrPoolClosed
		case <-ctx.Done():
			p.mu.Lock()
			p.cond.Broadcast()
			p.mu.Unlock()
		case <-stop:
		}
	}()
	return func() { close(stop) }
}

// open dials a new connection for a slot already reserved in numOpen.
func (p *Pool) open(ctx context.Context) (*Conn, error) {
	raw, err := p.connector.Connect(ctx)
	if err != nil {
		p.mu.Lock()
		p.numOpen--
		p.cond.Signal()
		p.mu.Unlock()
		return nil, fmt.Errorf("pool: connect: %w", err)
	}
	return &Conn{pool: p, raw: raw, createdAt: p.cfg.Clock.Now()}, nil
}

// put returns c to the idle list, or closes it if discard is set, the pool
// is closed, or the idle list is full.
func (p *Pool) put(c *Conn, discard bool) {
	p.mu.Lock()
	if c.returned {
		p.mu.Unlock()
		return
	}
	c.returned = true
	if !discard && !p.closed && len(p.idle) < p.cfg.MaxIdle {
		p.idle = append(p.idle, idleConn{conn: c, idleSince: p.cfg.Clock.Now()})
		p.cond.Signal()
		p.mu.Unlock()
		return
	}
	p.numOpen--
	p.cond.Signal()
	p.mu.Unlock()
	_ = c.raw.Close()
}

// Stats returns a snapshot of the pool's counters.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{
		Open:      p.numOpen,
		Idle:      len(p.idle),
		InUse:     p.numOpen - len(p.idle),
		Waiting:   p.waiting,
		WaitCount: p.waitCount,
		Reaped:    p.reaped,
	}
}

// Close closes idle connections, fails current and future waiters with
// ErrPoolClosed, and stops the reaper. Connections in use are closed when
// they are released.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.numOpen -= len(idle)
	p.cond.Broadcast()
	p.mu.Unlock()

	if p.stopReaper != nil {
		close(p.stopReaper)
		<-p.reaperDone
	}
	var firstErr error
	for _, ic := range idle {
		if err := ic.conn.raw.Close(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("pool: close idle connection: %w", err)
		}
	}
	return firstErr
}

func (p *Pool) reap(every time.Duration) {
	defer close(p.reaperDone)
	t := p.cfg.Clock.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stopReaper:
			return
		case <-t.C():
			p.reapIdle()
		}
	}
}

// reapIdle closes connections idle for longer than MaxIdleTime.
func (p *Pool) reapIdle() {
	cutoff := p.cfg.Clock.Now().Add(-p.cfg.MaxIdleTime)
	p.mu.Lock()
	var expired []idleConn
	kept := p.idle[:0]
	for _, ic := range p.idle {
		if ic.idleSince.Before(cutoff) {
			expired = append(expired, ic)
		} else {
			kept = append(kept, ic)
		}
	}
	p.idle = kept
	p.numOpen -= len(expired)
	p.reaped += int64(len(expired))
	if len(expired) > 0 {
		p.cond.Broadcast()
	}
	p.mu.Unlock()
	for _, ic := range expired {
		_ = ic.conn.raw.Close()
	}
}
