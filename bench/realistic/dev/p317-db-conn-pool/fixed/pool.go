// Package connpool implements a bounded pool of database connections with
// an idle list, health checks on checkout, a FIFO queue of waiting callers
// and an optional maintainer that keeps MinIdle warm connections.
package connpool

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Get after the pool has been closed.
var ErrClosed = errors.New("connpool: pool is closed")

// Config configures a Pool. Only Dialer is required.
type Config struct {
	Dialer           Dialer        // opens new connections
	MaxOpen          int           // bound on open connections; 0 means unlimited
	MaxIdle          int           // bound on the idle list; default 2
	MinIdle          int           // warm idle connections kept by the maintainer; 0 disables it
	HealthCheckAfter time.Duration // idle age after which a conn is pinged on checkout; 0 disables
	DialRetryBackoff time.Duration // maintainer pause after a failed dial; default 1s
	Clock            Clock         // defaults to the wall clock
}

// waiter is a caller parked in Get. The pool either hands it a connection or
// a nil value meaning "a slot is free, dial your own".
type waiter struct {
	ch chan *PooledConn
}

// Pool is a pool of database connections. It is safe for concurrent use.
type Pool struct {
	cfg Config

	ctx     context.Context // used for maintainer dials, cancelled by Close
	cancel  context.CancelFunc
	closing chan struct{}

	mu      sync.Mutex
	fill    *sync.Cond // signalled when the maintainer may have work to do
	idle    []*PooledConn
	waiters *list.List // of *waiter, oldest first
	numOpen int
	opening int
	closed  bool

	lastDialErr error
}

// New creates a pool and, if cfg.MinIdle is positive, starts its maintainer.
func New(cfg Config) (*Pool, error) {
	if cfg.Dialer == nil {
		return nil, errors.New("connpool: Config.Dialer is required")
	}
	if cfg.MaxIdle <= 0 {
		cfg.MaxIdle = 2
	}
	if cfg.MaxOpen > 0 && cfg.MinIdle > cfg.MaxOpen {
		return nil, fmt.Errorf("connpool: MinIdle %d exceeds MaxOpen %d", cfg.MinIdle, cfg.MaxOpen)
	}
	if cfg.DialRetryBackoff <= 0 {
		cfg.DialRetryBackoff = time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{
		cfg:     cfg,
		ctx:     ctx,
		cancel:  cancel,
		closing: make(chan struct{}),
		waiters: list.New(),
	}
	p.fill = sync.NewCond(&p.mu)
	if cfg.MinIdle > 0 {
		go p.maintain()
	}
	return p, nil
}

// Get returns an idle connection (pinging it first if it is stale), dials a
// new one while below MaxOpen, or else queues until one is returned.
func (p *Pool) Get(ctx context.Context) (*PooledConn, error) {
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil, ErrClosed
		}
		if pc := p.popIdleLocked(); pc != nil {
			p.mu.Unlock()
			if err := p.check(ctx, pc); err != nil {
				p.Discard(pc)
				continue
			}
			return pc, nil
		}
		if p.cfg.MaxOpen <= 0 || p.numOpen < p.cfg.MaxOpen {
			p.numOpen++
			p.mu.Unlock()
			return p.dial(ctx)
		}

		w := &waiter{ch: make(chan *PooledConn, 1)}
		elem := p.waiters.PushBack(w)
		p.mu.Unlock()

		pc, err := p.wait(ctx, elem, w)
		if err != nil {
			return nil, err
		}
		if pc == nil {
			return p.dial(ctx)
		}
		return pc, nil
	}
}

// wait blocks until w is served or ctx is done.
func (p *Pool) wait(ctx context.Context, elem *list.Element, w *waiter) (*PooledConn, error) {
	select {
	case pc, ok := <-w.ch:
		if !ok {
			return nil, ErrClosed
		}
		return pc, nil
	case <-ctx.Done():
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case pc, ok := <-w.ch:
		// Served concurrently with the cancellation: give it back.
		if ok {
			if pc == nil {
				p.releaseSlotLocked()
			} else if !p.putLocked(pc) {
				_ = pc.Close()
			}
		}
	default:
		p.waiters.Remove(elem)
	}
	return nil, fmt.Errorf("connpool: waiting for connection: %w", ctx.Err())
}

// Put returns a healthy connection to the pool.
func (p *Pool) Put(pc *PooledConn) {
	p.mu.Lock()
	if p.closed {
		p.numOpen--
		p.mu.Unlock()
		_ = pc.Close()
		return
	}
	pc.returnedAt = p.cfg.Clock.Now()
	kept := p.putLocked(pc)
	p.mu.Unlock()
	if !kept {
		_ = pc.Close()
	}
}

// Discard closes a connection the caller no longer trusts and frees its slot.
func (p *Pool) Discard(pc *PooledConn) {
	p.mu.Lock()
	p.releaseSlotLocked()
	p.mu.Unlock()
	_ = pc.Close()
}

// Close closes all idle connections and fails pending and future Gets.
// Connections that are checked out are closed when they are returned.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.numOpen -= len(idle)
	for e := p.waiters.Front(); e != nil; e = e.Next() {
		close(e.Value.(*waiter).ch)
	}
	p.waiters.Init()
	p.fill.Broadcast()
	p.mu.Unlock()

	p.cancel()
	close(p.closing)

	var firstErr error
	for _, pc := range idle {
		if err := pc.Close(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("connpool: closing idle connection: %w", err)
		}
	}
	return firstErr
}

// Stats returns a snapshot of the pool's counters.
func (p *Pool) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{
		Open:        p.numOpen,
		Idle:        len(p.idle),
		Waiting:     p.waiters.Len(),
		LastDialErr: p.lastDialErr,
	}
}

// dial opens a connection for a slot the caller has already reserved.
func (p *Pool) dial(ctx context.Context) (*PooledConn, error) {
	c, err := p.cfg.Dialer.Dial(ctx)
	if err != nil {
		p.mu.Lock()
		p.releaseSlotLocked()
		p.mu.Unlock()
		return nil, fmt.Errorf("connpool: dial: %w", err)
	}
	now := p.cfg.Clock.Now()
	return &PooledConn{Conn: c, createdAt: now, returnedAt: now}, nil
}

// check pings pc if it has been idle for longer than HealthCheckAfter.
func (p *Pool) check(ctx context.Context, pc *PooledConn) error {
	if p.cfg.HealthCheckAfter <= 0 || p.cfg.Clock.Now().Sub(pc.returnedAt) < p.cfg.HealthCheckAfter {
		return nil
	}
	if err := pc.Ping(ctx); err != nil {
		return fmt.Errorf("connpool: health check: %w", err)
	}
	return nil
}

// popIdleLocked takes the most recently returned idle connection.
func (p *Pool) popIdleLocked() *PooledConn {
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	pc := p.idle[n-1]
	p.idle[n-1] = nil
	p.idle = p.idle[:n-1]
	if p.needsFillLocked() {
		p.fill.Signal()
	}
	return pc
}

// putLocked hands pc to the oldest waiter or parks it; false means close it.
func (p *Pool) putLocked(pc *PooledConn) bool {
	if front := p.waiters.Front(); front != nil {
		p.waiters.Remove(front)
		front.Value.(*waiter).ch <- pc
		return true
	}
	if len(p.idle) < p.cfg.MaxIdle {
		p.idle = append(p.idle, pc)
		return true
	}
	p.numOpen--
	return false
}

// releaseSlotLocked frees one open slot, passing it on to a waiter if any.
func (p *Pool) releaseSlotLocked() {
	if front := p.waiters.Front(); front != nil && !p.closed {
		p.waiters.Remove(front)
		front.Value.(*waiter).ch <- nil
		return
	}
	p.numOpen--
	if p.needsFillLocked() {
		p.fill.Signal()
	}
}
