// Package leases keeps a short-lived credential from a secrets engine fresh.
//
// A Manager obtains a credential (for example a dynamic database user) for a
// role, renews its lease in the background, and rotates to a new credential
// when the lease can no longer be extended. Callers fetch the current
// credential with Manager.Credential whenever they open a new connection.
package leases

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned once the Manager has been closed.
var ErrClosed = errors.New("leases: manager closed")

// Lease describes the lifetime of an issued secret.
type Lease struct {
	ID        string
	TTL       time.Duration
	Renewable bool
}

// Secret is what the secrets engine returns when it issues a credential.
type Secret struct {
	Lease    Lease
	Username string
	Password string
}

// Credential is a usable username/password pair together with its expiry.
type Credential struct {
	Username  string
	Password  string
	LeaseID   string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Backend is the secrets engine the Manager talks to.
type Backend interface {
	// Issue creates a new credential for role.
	Issue(ctx context.Context, role string) (Secret, error)
	// Renew extends a lease by increment. The engine may grant less than
	// requested when the lease approaches its maximum TTL.
	Renew(ctx context.Context, leaseID string, increment time.Duration) (Lease, error)
	// Revoke invalidates a lease and the credential bound to it.
	Revoke(ctx context.Context, leaseID string) error
}

// Clock abstracts time so that renewal schedules can be driven in tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Manager. Role and Backend are required.
type Config struct {
	Role    string
	Backend Backend
	Clock   Clock

	// Increment is the lease extension requested on each renewal.
	Increment time.Duration
	// RenewAt is the fraction of a lease's TTL after which it is renewed.
	RenewAt float64
	// MinBackoff and MaxBackoff bound the delay between failed attempts.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// RevokeOnRotate revokes the previous lease after a rotation.
	RevokeOnRotate bool
	// OnRotate, if set, is called after a new credential replaces an old one.
	OnRotate func(old, cur Credential)
}

func (c *Config) setDefaults() {
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.Increment <= 0 {
		c.Increment = time.Hour
	}
	if c.RenewAt <= 0 || c.RenewAt >= 1 {
		c.RenewAt = 2.0 / 3.0
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = time.Second
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = 30 * c.MinBackoff
	}
}

// Manager owns one credential and keeps it valid. It is safe for concurrent use.
type Manager struct {
	cfg    Config
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	cond    *sync.Cond // signalled when cur changes
	cur     *Credential
	lease   Lease
	lastErr error
	closed  bool
}

// New validates cfg and starts managing a credential in the background. The
// first credential is requested immediately; use Credential to wait for it.
func New(cfg Config) (*Manager, error) {
	if cfg.Role == "" {
		return nil, errors.New("leases: Config.Role is required")
	}
	if cfg.Backend == nil {
		return nil, errors.New("leases: Config.Backend is required")
	}
	cfg.setDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{cfg: cfg, cancel: cancel, done: make(chan struct{})}
	m.cond = sync.NewCond(&m.mu)
	go m.run(ctx)
	return m, nil
}

// Credential returns the current credential. Until the first one has been
// issued it waits, giving up when ctx is done.
func (m *Manager) Credential(ctx context.Context) (Credential, error) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return Credential{}, ErrClosed
	}
	if m.cur != nil {
		c := *m.cur
		m.mu.Unlock()
		return c, nil
	}
	m.mu.Unlock()

	ready := make(chan struct{})
	go func() {
		defer close(ready)
		m.mu.Lock()
		defer m.mu.Unlock()
		for m.cur == nil && !m.closed {
			m.cond.Wait()
		}
	}()

	select {
	case <-ready:
	case <-ctx.Done():
		m.mu.Lock()
		lastErr := m.lastErr
		m.mu.Unlock()
		if lastErr != nil {
			return Credential{}, fmt.Errorf("waiting for credential (last error: %v): %w", lastErr, ctx.Err())
		}
		return Credential{}, fmt.Errorf("waiting for credential: %w", ctx.Err())
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cur == nil {
		return Credential{}, ErrClosed
	}
	return *m.cur, nil
}

// Close stops renewing and revokes the current lease.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	m.cond.Broadcast()
	m.mu.Unlock()

	m.cancel()
	<-m.done

	m.mu.Lock()
	lease := m.lease
	m.mu.Unlock()
	if lease.ID == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.cfg.Backend.Revoke(ctx, lease.ID); err != nil {
		return fmt.Errorf("leases: revoke %s on close: %w", lease.ID, err)
	}
	return nil
}
