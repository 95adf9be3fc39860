// Package invoker runs serverless function calls on a pool of warm instances.
//
// Starting an instance is expensive (the runtime has to load the function
// bundle), so instances are kept after a call and reused by the next one, up
// to a configurable number of warm instances.
package invoker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrPoolClosed is returned by Invoke after Close.
var ErrPoolClosed = errors.New("invoker: pool closed")

// ErrTimeout is wrapped by the error Invoke returns when a call overruns.
var ErrTimeout = errors.New("invoker: function timed out")

// Handler is the function body executed by an instance.
type Handler func(ctx context.Context, payload []byte) ([]byte, error)

// Option configures a Pool.
type Option func(*Pool)

// WithMaxWarm sets how many idle instances are kept for reuse.
func WithMaxWarm(n int) Option { return func(p *Pool) { p.maxWarm = n } }

// WithTimeout sets the per-call execution limit.
func WithTimeout(d time.Duration) Option { return func(p *Pool) { p.timeout = d } }

// WithColdStart sets the initialisation run before a new instance accepts calls.
func WithColdStart(f func(ctx context.Context) error) Option {
	return func(p *Pool) { p.coldStart = f }
}

// Pool dispatches calls to warm instances, starting new ones on demand.
type Pool struct {
	handler   Handler
	maxWarm   int
	timeout   time.Duration
	coldStart func(ctx context.Context) error

	mu     sync.Mutex
	idle   []*instance
	nextID int
	closed bool
}

// NewPool returns a pool running h.
func NewPool(h Handler, opts ...Option) *Pool {
	p := &Pool{
		handler:   h,
		maxWarm:   2,
		timeout:   30 * time.Second,
		coldStart: func(context.Context) error { return nil },
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Invoke runs the function with payload on a warm instance if one is free.
func (p *Pool) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	inst, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	reply := make(chan result, 1)
	inst.calls <- call{ctx: ctx, payload: payload, reply: reply}
	select {
	case r := <-reply:
		p.release(inst)
		if r.err != nil {
			return nil, fmt.Errorf("invoker: instance %d: %w", inst.id, r.err)
		}
		return r.out, nil
	case <-ctx.Done():
		// The instance may still be running the call; it is not reused.
		return nil, fmt.Errorf("invoker: instance %d: %w (%v)", inst.id, ErrTimeout, ctx.Err())
	}
}

// acquire pops a warm instance or cold-starts a new one.
func (p *Pool) acquire(ctx context.Context) (*instance, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrPoolClosed
	}
	if n := len(p.idle); n > 0 {
		inst := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return inst, nil
	}
	p.nextID++
	id := p.nextID
	p.mu.Unlock()

	if err := p.coldStart(ctx); err != nil {
		return nil, fmt.Errorf("invoker: cold start of instance %d: %w", id, err)
	}
	return startInstance(id, p.handler), nil
}

// release returns inst to the warm set, or retires it if the set is full.
func (p *Pool) release(inst *instance) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || len(p.idle) >= p.maxWarm {
		inst.retire()
		return
	}
	p.idle = append(p.idle, inst)
}

// Warm reports how many idle instances are ready.
func (p *Pool) Warm() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

// Close retires every idle instance. Calls in flight finish normally.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, inst := range p.idle {
		inst.retire()
	}
	p.idle = nil
}
