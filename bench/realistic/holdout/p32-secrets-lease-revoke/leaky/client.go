// Package secrets is a client for a secrets manager that hands out
// short-lived, leased credentials. The client keeps every lease alive in the
// background and revokes them all when it is closed.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrLeaseNotFound is returned by a Backend for a lease it no longer knows.
var ErrLeaseNotFound = errors.New("secrets: lease not found")

// Backend is the transport to the secrets manager.
type Backend interface {
	Read(ctx context.Context, path string) (Secret, error)
	Renew(ctx context.Context, leaseID string, increment time.Duration) (time.Duration, error)
	Revoke(ctx context.Context, leaseID string) error
}

// Secret is what the server returns for a path.
type Secret struct {
	LeaseID   string
	TTL       time.Duration
	Renewable bool
	Data      map[string]string
}

// Client reads secrets and manages their leases.
type Client struct {
	backend   Backend
	increment time.Duration

	mu     sync.Mutex
	leases map[string]*Lease
	closed bool
}

// Option configures a Client.
type Option func(*Client)

// WithIncrement sets the lease extension asked for on every renewal.
func WithIncrement(d time.Duration) Option {
	return func(c *Client) { c.increment = d }
}

// NewClient returns a client that talks to b.
func NewClient(b Backend, opts ...Option) *Client {
	c := &Client{backend: b, increment: time.Hour, leases: make(map[string]*Lease)}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Read fetches the secret at path. Renewable leases are renewed in the
// background until the client is closed or the server refuses a renewal.
func (c *Client) Read(ctx context.Context, path string) (*Lease, error) {
	sec, err := c.backend.Read(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("secrets: read %s: %w", path, err)
	}
	l := newLease(path, sec)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, errors.New("secrets: client closed")
	}
	c.leases[l.ID] = l
	if sec.Renewable {
		l.startRenewing(c.backend, c.increment)
	}
	return l, nil
}

// Close stops all renewals and revokes every lease the server still holds.
// It gives up when ctx is done; leases not yet revoked then expire on their
// own at the end of their TTL.
func (c *Client) Close(ctx context.Context) error {
	c.mu.Lock()
	c.closed = true
	leases := make([]*Lease, 0, len(c.leases))
	for _, l := range c.leases {
		leases = append(leases, l)
	}
	c.leases = map[string]*Lease{}
	c.mu.Unlock()

	var wg sync.WaitGroup
	errs := make(chan error, len(leases))
	wg.Add(len(leases))
	for _, l := range leases {
		l.stopRenewing()
		if l.Expired() {
			continue // the server has already dropped it
		}
		go func(l *Lease) {
			defer wg.Done()
			if err := c.backend.Revoke(ctx, l.ID); err != nil && !errors.Is(err, ErrLeaseNotFound) {
				errs <- fmt.Errorf("revoke %s (%s): %w", l.ID, l.Path, err)
			}
		}(l)
	}
	if err := waitContext(ctx, &wg); err != nil {
		return fmt.Errorf("secrets: close: %w", err)
	}
	close(errs)
	var first error
	for err := range errs {
		if first == nil {
			first = err
		}
	}
	return first
}
