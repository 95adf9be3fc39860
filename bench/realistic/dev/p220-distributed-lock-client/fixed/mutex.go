package dlock

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

var (
	// ErrNotHeld is returned by Unlock when the Mutex is not held.
	ErrNotHeld = errors.New("dlock: mutex not held")
	// ErrAlreadyHeld is returned by Lock when the Mutex is already held.
	ErrAlreadyHeld = errors.New("dlock: mutex already held")
	// ErrWatchCancelled is returned when the store cancels a watch.
	ErrWatchCancelled = errors.New("dlock: watch cancelled")
)

// Mutex is a distributed mutual exclusion lock identified by a key prefix.
// A Mutex value must not be locked from several goroutines at once; use one
// Mutex per goroutine, all sharing the same prefix.
type Mutex struct {
	s      *Session
	prefix string

	mu         sync.Mutex
	key        string
	rev        int64
	held       bool
	validUntil time.Time
}

// NewMutex returns a Mutex for prefix, using s's lease.
func (s *Session) NewMutex(prefix string) *Mutex {
	return &Mutex{s: s, prefix: strings.TrimSuffix(prefix, "/") + "/"}
}

// Lock acquires the lock, waiting until every session that queued before
// this one has released it.
func (m *Mutex) Lock(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.held {
		return ErrAlreadyHeld
	}

	key := fmt.Sprintf("%s%016x", m.prefix, m.s.lease)
	rev, err := m.s.store.Create(ctx, key, m.s.opts.owner, m.s.lease)
	if err != nil {
		return fmt.Errorf("dlock: create %s: %w", key, err)
	}
	if err := m.waitTurn(ctx, rev); err != nil {
		// Leave the queue so we do not block whoever is behind us.
		dctx, cancel := context.WithTimeout(context.Background(), m.s.opts.requestTimeout)
		m.s.store.Delete(dctx, key)
		cancel()
		return err
	}
	if err := m.s.track(m); err != nil {
		return err
	}
	m.key, m.rev, m.held = key, rev, true
	m.validUntil = m.s.opts.clock.Now().Add(m.s.opts.ttl)
	return nil
}

// waitTurn returns once no key under the prefix is older than rev.
func (m *Mutex) waitTurn(ctx context.Context, rev int64) error {
	for {
		kvs, err := m.s.store.List(ctx, m.prefix)
		if err != nil {
			return fmt.Errorf("dlock: list %s: %w", m.prefix, err)
		}
		var pred *KeyValue
		for i := range kvs {
			if kvs[i].CreateRev < rev {
				pred = &kvs[i]
			}
		}
		if pred == nil {
			return nil
		}
		// Only watch the immediate predecessor to avoid a thundering herd.
		if err := m.waitDelete(ctx, pred.Key, pred.CreateRev); err != nil {
			return err
		}
	}
}

func (m *Mutex) waitDelete(ctx context.Context, key string, rev int64) error {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for ev := range m.s.store.Watch(wctx, key, rev) {
		if ev.Type == EventDelete {
			return nil
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return fmt.Errorf("dlock: watch %s: %w", key, ErrWatchCancelled)
}

// Unlock releases the lock.
func (m *Mutex) Unlock(ctx context.Context) error {
	m.mu.Lock()
	if !m.held {
		m.mu.Unlock()
		return ErrNotHeld
	}
	if err := m.s.store.Delete(ctx, m.key); err != nil {
		m.mu.Unlock()
		return fmt.Errorf("dlock: unlock %s: %w", m.key, err)
	}
	m.s.untrack(m)
	m.held = false
	m.validUntil = time.Time{}
	m.mu.Unlock()
	return nil
}

// Held reports whether the lock is held and its lease is known to be alive.
// Callers should check it before acting on the protected resource.
func (m *Mutex) Held() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.held && m.s.opts.clock.Now().Before(m.validUntil)
}

// Token returns the lock key's create revision, a monotonically increasing
// fencing token to pass to the protected resource.
func (m *Mutex) Token() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.rev
}

// extend records that the lease backing m is alive until deadline. A zero
// deadline means the lease was lost.
func (m *Mutex) extend(deadline time.Time) {
	m.mu.Lock()
	if m.held {
		m.validUntil = deadline
		if deadline.IsZero() {
			m.held = false
		}
	}
	m.mu.Unlock()
}
