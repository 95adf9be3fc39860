// Package quota tracks per-tenant resource usage against limits. Callers
// reserve capacity before doing work and commit or release the reservation
// afterwards; committed usage is kept in memory and flushed to a Store
// periodically, so the hot path never waits on the database.
package quota

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

var (
	// ErrExceeded is returned by Reserve when the request does not fit in
	// the tenant's remaining quota.
	ErrExceeded = errors.New("quota: limit exceeded")
	// ErrUnknownReservation is returned for reservations that were already
	// committed, released or expired.
	ErrUnknownReservation = errors.New("quota: unknown reservation")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("quota: service closed")
)

// Store persists usage counters.
type Store interface {
	// Load returns the persisted usage of each of the tenant's resources.
	Load(ctx context.Context, tenant string) (map[string]int64, error)
	// Add atomically adds deltas to the tenant's persisted usage.
	Add(ctx context.Context, tenant string, deltas map[string]int64) error
}

// Limits looks up quota limits.
type Limits interface {
	// Limit returns the tenant's limit for resource; ok is false if the
	// resource is unlimited for the tenant.
	Limit(tenant, resource string) (limit int64, ok bool)
}

// Clock abstracts time for reservation expiry and periodic flushes.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) (<-chan time.Time, func())
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Config configures a Service.
type Config struct {
	Store  Store
	Limits Limits
	// FlushInterval is how often committed usage is written to the Store
	// and expired reservations are dropped. Defaults to 10 seconds.
	FlushInterval time.Duration
	// FlushTimeout bounds one periodic flush. Defaults to FlushInterval.
	FlushTimeout time.Duration
	// FlushConcurrency bounds parallel Store writes. Defaults to 8.
	FlushConcurrency int
	// ReservationTTL is how long an uncommitted reservation holds capacity.
	// Defaults to one minute.
	ReservationTTL time.Duration
	// OnFlushError is called when a periodic flush fails.
	OnFlushError func(error)
	// Clock defaults to the wall clock.
	Clock Clock
}

// Reservation is capacity held for a tenant until committed or released.
type Reservation struct {
	ID       string
	Tenant   string
	Resource string
	Amount   int64
	Expires  time.Time
}

// usage holds one tenant's counters per resource.
type usage struct {
	persisted map[string]int64 // known to be in the Store
	flushing  map[string]int64 // being written to the Store
	pending   map[string]int64 // committed, not yet flushed
	reserved  map[string]int64 // held by open reservations
}

func (u *usage) total(resource string) int64 {
	return u.persisted[resource] + u.flushing[resource] + u.pending[resource] + u.reserved[resource]
}

// Service is a multi-tenant quota tracker.
type Service struct {
	cfg      Config
	stop     chan struct{}
	loopDone chan struct{}
	flushMu  sync.Mutex // serializes flushes

	mu           sync.Mutex
	closed       bool
	seq          uint64
	tenants      map[string]*usage
	reservations map[string]*Reservation
}

// New starts a Service and its periodic flusher.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Limits == nil {
		return nil, errors.New("quota: Store and Limits are required")
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 10 * time.Second
	}
	if cfg.FlushTimeout <= 0 {
		cfg.FlushTimeout = cfg.FlushInterval
	}
	if cfg.FlushConcurrency <= 0 {
		cfg.FlushConcurrency = 8
	}
	if cfg.ReservationTTL <= 0 {
		cfg.ReservationTTL = time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	s := &Service{
		cfg:          cfg,
		stop:         make(chan struct{}),
		loopDone:     make(chan struct{}),
		tenants:      make(map[string]*usage),
		reservations: make(map[string]*Reservation),
	}
	go s.loop()
	return s, nil
}

// Reserve holds amount of resource for tenant, failing with ErrExceeded if
// that would take the tenant over its limit.
func (s *Service) Reserve(ctx context.Context, tenant, resource string, amount int64) (*Reservation, error) {
	if amount <= 0 {
		return nil, fmt.Errorf("quota: invalid amount %d", amount)
	}
	u, err := s.tenant(ctx, tenant)
	if err != nil {
		return nil, err
	}
	limit, limited := s.cfg.Limits.Limit(tenant, resource)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	if used := u.total(resource); limited && used+amount > limit {
		return nil, fmt.Errorf("%w: %s/%s uses %d of %d, requested %d", ErrExceeded, tenant, resource, used, limit, amount)
	}
	s.seq++
	r := &Reservation{
		ID:       "rsv-" + strconv.FormatUint(s.seq, 10),
		Tenant:   tenant,
		Resource: resource,
		Amount:   amount,
		Expires:  s.cfg.Clock.Now().Add(s.cfg.ReservationTTL),
	}
	u.reserved[resource] += amount
	s.reservations[r.ID] = r
	copied := *r
	return &copied, nil
}

// Commit turns a reservation into usage.
func (s *Service) Commit(id string) error { return s.finish(id, true) }

// Release returns a reservation's capacity unused.
func (s *Service) Release(id string) error { return s.finish(id, false) }

func (s *Service) finish(id string, commit bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reservations[id]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownReservation, id)
	}
	delete(s.reservations, id)
	u := s.tenants[r.Tenant]
	u.reserved[r.Resource] -= r.Amount
	if commit {
		u.pending[r.Resource] += r.Amount
	}
	return nil
}

// Used returns the tenant's usage of resource, including open reservations.
func (s *Service) Used(tenant, resource string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.tenants[tenant]; ok {
		return u.total(resource)
	}
	return 0
}

// tenant returns the tenant's counters, loading persisted usage on first use.
func (s *Service) tenant(ctx context.Context, tenant string) (*usage, error) {
	s.mu.Lock()
	u, ok := s.tenants[tenant]
	s.mu.Unlock()
	if ok {
		return u, nil
	}
	persisted, err := s.cfg.Store.Load(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("quota: load usage of %s: %w", tenant, err)
	}
	if persisted == nil {
		persisted = make(map[string]int64)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.tenants[tenant]; ok {
		return u, nil // loaded concurrently
	}
	u = &usage{
		persisted: persisted,
		flushing:  make(map[string]int64),
		pending:   make(map[string]int64),
		reserved:  make(map[string]int64),
	}
	s.tenants[tenant] = u
	return u, nil
}

// Close stops the periodic flusher and flushes what is left.
func (s *Service) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()

	close(s.stop)
	<-s.loopDone
	return s.Flush(ctx)
}
