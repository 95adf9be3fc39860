// Package lease grants time-bounded leases on named resources, lets holders
// renew or revoke them, expires leases whose holders went quiet, and lets
// other parties watch a lease until it ends.
package lease

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Errors returned by Manager.
var (
	ErrNotFound = errors.New("lease: not found")
	ErrHeld     = errors.New("lease: resource already leased")
	ErrNotOwner = errors.New("lease: not the holder")
	ErrClosed   = errors.New("lease: manager closed")
)

// Lease is a snapshot of a granted lease.
type Lease struct {
	ID        string
	Resource  string
	Holder    string
	TTL       time.Duration
	ExpiresAt time.Time
	Revision  uint64
}

// Store persists leases so that a restarted manager can fence old holders.
type Store interface {
	Put(ctx context.Context, l Lease) error
	Delete(ctx context.Context, id string) error
}

// Clock abstracts time for expiry.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
func (wallClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Option configures a Manager.
type Option func(*Manager)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(m *Manager) { m.clock = c } }

// WithSweepInterval sets how often expired leases are collected.
func WithSweepInterval(d time.Duration) Option { return func(m *Manager) { m.sweepEvery = d } }

// WithExpiryHook registers fn to be called, outside any lock, for every
// lease the sweeper expires.
func WithExpiryHook(fn func(Lease)) Option { return func(m *Manager) { m.onExpire = fn } }

// WithWatchBuffer sets the per-watcher event buffer.
func WithWatchBuffer(n int) Option { return func(m *Manager) { m.watchBuffer = n } }

type state int

const (
	stateActive state = iota
	stateRevoked
	stateExpired
)

// entry is the manager's mutable record of a lease. All fields are guarded
// by Manager.mu; changed uses the same lock.
type entry struct {
	lease   Lease
	state   state
	changed *sync.Cond
}

// Manager is safe for concurrent use.
type Manager struct {
	store       Store
	clock       Clock
	sweepEvery  time.Duration
	watchBuffer int
	onExpire    func(Lease)

	mu         sync.Mutex
	byID       map[string]*entry
	byResource map[string]*entry
	nextID     uint64
	closed     bool

	stopSweep chan struct{}
	sweepDone chan struct{}
}

// New starts a Manager and its background expiry sweeper.
func New(store Store, opts ...Option) *Manager {
	m := &Manager{
		store:       store,
		clock:       wallClock{},
		sweepEvery:  time.Second,
		watchBuffer: 4,
		byID:        make(map[string]*entry),
		byResource:  make(map[string]*entry),
		stopSweep:   make(chan struct{}),
		sweepDone:   make(chan struct{}),
	}
	for _, opt := range opts {
		opt(m)
	}
	go m.sweepLoop()
	return m
}

// Grant leases resource to holder for ttl.
func (m *Manager) Grant(ctx context.Context, resource, holder string, ttl time.Duration) (Lease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return Lease{}, ErrClosed
	}
	if cur, ok := m.byResource[resource]; ok {
		return Lease{}, fmt.Errorf("%w: %s held by %s", ErrHeld, resource, cur.lease.Holder)
	}
	m.nextID++
	l := Lease{
		ID:        resource + "/" + strconv.FormatUint(m.nextID, 10),
		Resource:  resource,
		Holder:    holder,
		TTL:       ttl,
		ExpiresAt: m.clock.Now().Add(ttl),
		Revision:  1,
	}
	if err := m.store.Put(ctx, l); err != nil {
		return Lease{}, fmt.Errorf("lease: persist grant of %s: %w", resource, err)
	}
	e := &entry{lease: l, changed: sync.NewCond(&m.mu)}
	m.byID[l.ID] = e
	m.byResource[resource] = e
	return l, nil
}

// Renew extends a lease by its TTL from now.
func (m *Manager) Renew(ctx context.Context, id, holder string) (Lease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.lookupLocked(id, holder)
	if err != nil {
		return Lease{}, err
	}
	next := e.lease
	next.ExpiresAt = m.clock.Now().Add(next.TTL)
	next.Revision++
	if err := m.store.Put(ctx, next); err != nil {
		return Lease{}, fmt.Errorf("lease: persist renewal of %s: %w", id, err)
	}
	e.lease = next
	e.changed.Broadcast()
	return next, nil
}

// Revoke ends a lease before it expires.
func (m *Manager) Revoke(ctx context.Context, id, holder string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.lookupLocked(id, holder)
	if err != nil {
		return err
	}
	return m.endLocked(ctx, e, stateRevoked)
}

// Get returns the current state of an active lease.
func (m *Manager) Get(id string) (Lease, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.byID[id]
	if !ok {
		return Lease{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e.lease, nil
}

// Close stops the sweeper and revokes every outstanding lease.
func (m *Manager) Close(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	close(m.stopSweep)
	var firstErr error
	for _, e := range m.byID {
		if err := m.endLocked(ctx, e, stateRevoked); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	m.mu.Unlock()
	<-m.sweepDone
	return firstErr
}

func (m *Manager) lookupLocked(id, holder string) (*entry, error) {
	if m.closed {
		return nil, ErrClosed
	}
	e, ok := m.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if e.lease.Holder != holder {
		return nil, fmt.Errorf("%w: %s is held by %s", ErrNotOwner, id, e.lease.Holder)
	}
	return e, nil
}

// endLocked removes e and wakes its watchers with a final event. The lease
// ends in memory even if the store cannot be updated; a stale stored record
// only fences the resource until its TTL runs out.
func (m *Manager) endLocked(ctx context.Context, e *entry, final state) error {
	delete(m.byID, e.lease.ID)
	delete(m.byResource, e.lease.Resource)
	e.state = final
	e.lease.Revision++
	e.changed.Broadcast()
	if err := m.store.Delete(ctx, e.lease.ID); err != nil {
		return fmt.Errorf("lease: delete %s: %w", e.lease.ID, err)
	}
	return nil
}
