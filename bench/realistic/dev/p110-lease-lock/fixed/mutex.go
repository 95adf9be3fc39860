package lease

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrNotLocked is returned by Unlock on a mutex that is not locked.
var ErrNotLocked = errors.New("mutex not locked")

// Client hands out mutexes backed by a Store.
type Client struct {
	store   Store
	owner   string
	ttl     time.Duration
	retry   time.Duration
	onError func(error)
}

// Option configures a Client.
type Option func(*Client)

// WithTTL sets the lease time to live. Leases are renewed every ttl/3.
func WithTTL(d time.Duration) Option { return func(c *Client) { c.ttl = d } }

// WithRetry sets how long Lock waits between attempts on a held lock.
func WithRetry(d time.Duration) Option { return func(c *Client) { c.retry = d } }

// WithErrorHandler receives errors from background lease renewal.
func WithErrorHandler(f func(error)) Option { return func(c *Client) { c.onError = f } }

// NewClient returns a client identified as owner.
func NewClient(store Store, owner string, opts ...Option) *Client {
	c := &Client{store: store, owner: owner, ttl: 10 * time.Second, retry: 100 * time.Millisecond, onError: func(error) {}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Mutex is a lock on one key.
type Mutex struct {
	c   *Client
	key string

	mu    sync.Mutex
	token int64
	stop  context.CancelFunc
	lost  chan struct{}
}

// NewMutex returns an unlocked mutex for key.
func (c *Client) NewMutex(key string) *Mutex { return &Mutex{c: c, key: key} }

// Lock blocks until the lease is acquired or ctx is done. The lease outlives
// ctx: it is kept alive until Unlock.
func (m *Mutex) Lock(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for {
		token, err := m.c.store.Acquire(ctx, m.key, m.c.owner, m.c.ttl)
		if err == nil {
			m.token = token
			break
		}
		if !errors.Is(err, ErrHeld) {
			return fmt.Errorf("lock %s: %w", m.key, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("lock %s: %w", m.key, ctx.Err())
		case <-time.After(m.c.retry):
		}
	}
	kctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	m.lost = make(chan struct{})
	go m.keepalive(kctx, m.token, m.lost)
	return nil
}

// Lost is closed if the lease is lost while the mutex is locked.
func (m *Mutex) Lost() <-chan struct{} {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lost
}

// Unlock releases the lease.
func (m *Mutex) Unlock(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stop == nil {
		return ErrNotLocked
	}
	m.stop()
	m.stop = nil
	if err := m.c.store.Release(ctx, m.key, m.token); err != nil {
		return fmt.Errorf("unlock %s: %w", m.key, err)
	}
	return nil
}
