// Package cronlock makes sure a scheduled job runs on at most one replica at a
// time by holding a renewable lease in a shared store.
package cronlock

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrHeld is returned by a Store when another owner holds an unexpired lease.
var ErrHeld = errors.New("lease held by another owner")

// ErrNotOwner is returned by a Store when a lease has expired or was taken over.
var ErrNotOwner = errors.New("lease not owned")

// Store is the shared backend holding leases, usually a key-value database.
type Store interface {
	// Acquire creates the lease for owner if it is absent or expired.
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) error
	// Renew extends a lease that owner still holds.
	Renew(ctx context.Context, key, owner string, ttl time.Duration) error
	// Release deletes a lease that owner holds.
	Release(ctx context.Context, key, owner string) error
}

// Option configures a Locker.
type Option func(*Locker)

// WithTTL sets how long a lease lives without renewal.
func WithTTL(ttl time.Duration) Option {
	return func(l *Locker) { l.ttl = ttl }
}

// WithLogger sets where renewal problems are reported.
func WithLogger(logf func(format string, args ...any)) Option {
	return func(l *Locker) { l.logf = logf }
}

// Locker hands out leases on behalf of one owner (typically the replica's hostname).
type Locker struct {
	store Store
	owner string
	ttl   time.Duration
	logf  func(format string, args ...any)
}

// NewLocker returns a Locker for owner.
func NewLocker(store Store, owner string, opts ...Option) *Locker {
	l := &Locker{
		store: store,
		owner: owner,
		ttl:   30 * time.Second,
		logf:  func(string, ...any) {},
	}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Lease is a held lock. Its context is cancelled when the lease is lost or released.
type Lease struct {
	key    string
	locker *Locker
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

// Acquire takes the lease for key and keeps it alive in the background until
// Release is called or a renewal finds that the lease was taken over.
func (l *Locker) Acquire(ctx context.Context, key string) (*Lease, error) {
	if err := l.store.Acquire(ctx, key, l.owner, l.ttl); err != nil {
		return nil, fmt.Errorf("cronlock: acquire %q: %w", key, err)
	}
	lctx, cancel := context.WithCancel(ctx)
	le := &Lease{
		key:    key,
		locker: l,
		ctx:    lctx,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	go le.keepAlive()
	return le, nil
}

// Context is cancelled as soon as the lease can no longer be trusted.
func (le *Lease) Context() context.Context { return le.ctx }

// Release gives the lease back so another replica can take it right away.
func (le *Lease) Release(ctx context.Context) error {
	le.cancel()
	<-le.done
	if err := le.locker.store.Release(ctx, le.key, le.locker.owner); err != nil {
		return fmt.Errorf("cronlock: release %q: %w", le.key, err)
	}
	return nil
}
