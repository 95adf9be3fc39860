// Package lease implements a distributed mutex on top of a lease store: the
// holder of a lock keeps its lease alive in the background until it unlocks.
package lease

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrHeld means someone else holds the lease.
	ErrHeld = errors.New("lease held by another owner")
	// ErrNotHeld means the caller's lease expired or was never granted.
	ErrNotHeld = errors.New("lease not held")
	// ErrUnavailable means the store could not be reached.
	ErrUnavailable = errors.New("lease store unavailable")
)

// Store grants, renews and releases leases.
type Store interface {
	Acquire(ctx context.Context, key, owner string, ttl time.Duration) (token int64, err error)
	Renew(ctx context.Context, key string, token int64, ttl time.Duration) error
	Release(ctx context.Context, key string, token int64) error
}

type lease struct {
	owner   string
	token   int64
	expires time.Time
}

// MemStore is an in-memory Store, with a switch to simulate outages.
type MemStore struct {
	mu     sync.Mutex
	leases map[string]lease
	next   int64
	down   bool
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore { return &MemStore{leases: map[string]lease{}} }

// SetDown makes every call fail with ErrUnavailable while down is true.
func (s *MemStore) SetDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

// Acquire implements Store.
func (s *MemStore) Acquire(ctx context.Context, key, owner string, ttl time.Duration) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return 0, fmt.Errorf("acquire %s: %w", key, ErrUnavailable)
	}
	if l, ok := s.leases[key]; ok && time.Now().Before(l.expires) {
		return 0, fmt.Errorf("acquire %s: %w (owner %s)", key, ErrHeld, l.owner)
	}
	s.next++
	s.leases[key] = lease{owner: owner, token: s.next, expires: time.Now().Add(ttl)}
	return s.next, nil
}

// Renew implements Store.
func (s *MemStore) Renew(ctx context.Context, key string, token int64, ttl time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return fmt.Errorf("renew %s: %w", key, ErrUnavailable)
	}
	l, ok := s.leases[key]
	if !ok || l.token != token || time.Now().After(l.expires) {
		return fmt.Errorf("renew %s: %w", key, ErrNotHeld)
	}
	l.expires = time.Now().Add(ttl)
	s.leases[key] = l
	return nil
}

// Release implements Store.
func (s *MemStore) Release(ctx context.Context, key string, token int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return fmt.Errorf("release %s: %w", key, ErrUnavailable)
	}
	if l, ok := s.leases[key]; !ok || l.token != token {
		return fmt.Errorf("release %s: %w", key, ErrNotHeld)
	}
	delete(s.leases, key)
	return nil
}
