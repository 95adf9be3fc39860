// Package dlock implements distributed mutexes on top of a lease-based,
// watchable key-value store such as etcd. A Session owns a lease that is kept
// alive in the background; Mutexes created from it queue up by key creation
// revision and wait for their predecessor's key to be deleted.
package dlock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrSessionClosed is returned when using a closed or expired Session.
	ErrSessionClosed = errors.New("dlock: session closed")
	// ErrLeaseNotFound is returned by a Store for an unknown or expired lease.
	ErrLeaseNotFound = errors.New("dlock: lease not found")
)

// LeaseID identifies a lease in the Store.
type LeaseID int64

// KeyValue is a key as stored, with the revision at which it was created.
type KeyValue struct {
	Key       string
	Value     string
	CreateRev int64
}

// EventType says what happened to a watched key.
type EventType int

// Event types.
const (
	EventPut EventType = iota
	EventDelete
)

// Event is a change to a watched key.
type Event struct {
	Type EventType
	Key  string
	Rev  int64
}

// Store is the subset of a coordination service the locks rely on.
type Store interface {
	Grant(ctx context.Context, ttl time.Duration) (LeaseID, error)
	// KeepAlive renews the lease and returns its remaining time to live.
	KeepAlive(ctx context.Context, id LeaseID) (time.Duration, error)
	Revoke(ctx context.Context, id LeaseID) error
	// Create creates key attached to lease and returns its create revision.
	Create(ctx context.Context, key, value string, lease LeaseID) (int64, error)
	// List returns the keys under prefix ordered by create revision.
	List(ctx context.Context, prefix string) ([]KeyValue, error)
	Delete(ctx context.Context, key string) error
	// Watch streams changes to key from revision rev on. The channel is
	// closed when ctx is done or the watch is cancelled by the server.
	Watch(ctx context.Context, key string, rev int64) <-chan Event
}

// Clock abstracts time for the keepalive loop.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker used by a Session.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Option configures a Session.
type Option func(*sessionOptions)

type sessionOptions struct {
	ttl            time.Duration
	requestTimeout time.Duration
	clock          Clock
	owner          string
}

// WithTTL sets the lease time to live. The default is 15 seconds.
func WithTTL(d time.Duration) Option { return func(o *sessionOptions) { o.ttl = d } }

// WithRequestTimeout bounds individual store requests. Default 5 seconds.
func WithRequestTimeout(d time.Duration) Option {
	return func(o *sessionOptions) { o.requestTimeout = d }
}

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(o *sessionOptions) { o.clock = c } }

// WithOwner sets the value stored in lock keys, to help operators see who
// holds a lock. Defaults to "dlock".
func WithOwner(owner string) Option { return func(o *sessionOptions) { o.owner = owner } }

// Session is a lease shared by any number of Mutexes.
type Session struct {
	store  Store
	opts   sessionOptions
	lease  LeaseID
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	held   map[*Mutex]struct{}
	closed bool
}

// NewSession grants a lease and starts keeping it alive.
func NewSession(ctx context.Context, store Store, opts ...Option) (*Session, error) {
	o := sessionOptions{ttl: 15 * time.Second, requestTimeout: 5 * time.Second, clock: systemClock{}, owner: "dlock"}
	for _, opt := range opts {
		opt(&o)
	}
	lease, err := store.Grant(ctx, o.ttl)
	if err != nil {
		return nil, fmt.Errorf("dlock: grant lease: %w", err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	s := &Session{
		store:  store,
		opts:   o,
		lease:  lease,
		ctx:    sctx,
		cancel: cancel,
		done:   make(chan struct{}),
		held:   make(map[*Mutex]struct{}),
	}
	go s.keepAlive()
	return s, nil
}

// Lease returns the session's lease.
func (s *Session) Lease() LeaseID { return s.lease }

// Done is closed when the session stops keeping its lease alive, either
// because it was closed or because the lease expired.
func (s *Session) Done() <-chan struct{} { return s.done }

// Close stops the keepalive and revokes the lease, which releases every lock
// held through this session.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrSessionClosed
	}
	s.closed = true
	s.mu.Unlock()

	s.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.requestTimeout)
	defer cancel()
	if err := s.store.Revoke(ctx, s.lease); err != nil && !errors.Is(err, ErrLeaseNotFound) {
		return fmt.Errorf("dlock: revoke lease %x: %w", s.lease, err)
	}
	return nil
}

func (s *Session) track(m *Mutex) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrSessionClosed
	}
	s.held[m] = struct{}{}
	return nil
}

func (s *Session) untrack(m *Mutex) {
	s.mu.Lock()
	delete(s.held, m)
	s.mu.Unlock()
}

func (s *Session) heldMutexes() []*Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := make([]*Mutex, 0, len(s.held))
	for m := range s.held {
		ms = append(ms, m)
	}
	return ms
}

// keepAlive renews the lease three times per TTL, so a single failed renewal
// does not lose it, and pushes the new deadline to every held Mutex.
func (s *Session) keepAlive() {
	defer close(s.done)
	t := s.opts.clock.NewTicker(s.opts.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C():
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.opts.requestTimeout)
		ttl, err := s.store.KeepAlive(ctx, s.lease)
		cancel()
		switch {
		case errors.Is(err, ErrLeaseNotFound):
			s.expire()
			return
		case err != nil:
			continue // transient; the next tick retries before the lease runs out
		}
		deadline := s.opts.clock.Now().Add(ttl)
		for _, m := range s.heldMutexes() {
			m.extend(deadline)
		}
	}
}

// expire marks the session and all its Mutexes as lost.
func (s *Session) expire() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	for _, m := range s.heldMutexes() {
		m.extend(time.Time{})
	}
	s.cancel()
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

type systemTicker struct{ t *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.t.C }
func (t systemTicker) Stop()               { t.t.Stop() }
