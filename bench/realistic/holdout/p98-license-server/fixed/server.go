package license

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// pool is the seat accounting of one feature.
type pool struct {
	feature string
	seats   int
	leases  map[string]*Lease
	waiting int
}

func (p *pool) free() int { return p.seats - len(p.leases) }

// Server hands out floating licenses. It is safe for concurrent use.
type Server struct {
	opts options

	mu     sync.Mutex
	cond   *sync.Cond // signalled whenever a seat is freed or the server closes
	pools  map[string]*pool
	byID   map[string]*pool
	seq    uint64
	closed bool

	stop chan struct{}
	done chan struct{}
}

// New starts a server offering seats[feature] seats per feature.
func New(seats map[string]int, opts ...Option) (*Server, error) {
	o := options{
		clock:        SystemClock{},
		metrics:      nopMetrics{},
		ttl:          DefaultLeaseTTL,
		reapInterval: DefaultLeaseTTL / 4,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.ttl <= 0 || o.reapInterval <= 0 {
		return nil, fmt.Errorf("license: lease TTL and reap interval must be positive")
	}
	s := &Server{
		opts:  o,
		pools: make(map[string]*pool, len(seats)),
		byID:  make(map[string]*pool),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	for f, n := range seats {
		if n <= 0 {
			return nil, fmt.Errorf("license: feature %q: seat count must be positive, got %d", f, n)
		}
		s.pools[f] = &pool{feature: f, seats: n, leases: make(map[string]*Lease)}
	}
	go s.reapLoop()
	return s, nil
}

// Checkout grants a seat for req.Feature. If no seat is free it fails with
// ErrNoSeats, or, when req.Wait is set, waits until one is released or
// expires, or until ctx is done.
func (s *Server) Checkout(ctx context.Context, req Request) (Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Lease{}, ErrClosed
	}
	p, ok := s.pools[req.Feature]
	if !ok {
		return Lease{}, fmt.Errorf("checkout %q: %w", req.Feature, ErrUnknownFeature)
	}
	if err := s.waitForSeat(ctx, p, req.Wait); err != nil {
		return Lease{}, fmt.Errorf("checkout %q for %s: %w", req.Feature, req.Client, err)
	}
	s.seq++
	now := s.opts.clock.Now()
	l := &Lease{
		ID:        fmt.Sprintf("%s-%06d", p.feature, s.seq),
		Feature:   p.feature,
		Client:    req.Client,
		GrantedAt: now,
		ExpiresAt: now.Add(s.opts.ttl),
	}
	p.leases[l.ID] = l
	s.byID[l.ID] = p
	s.opts.metrics.SeatsInUse(p.feature, len(p.leases))
	return *l, nil
}

// Heartbeat extends the lease with the given id by the lease TTL and returns
// the renewed lease.
func (s *Server) Heartbeat(id string) (Lease, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byID[id]
	if !ok {
		return Lease{}, fmt.Errorf("heartbeat %s: %w", id, ErrUnknownLease)
	}
	l := p.leases[id]
	l.ExpiresAt = s.opts.clock.Now().Add(s.opts.ttl)
	return *l, nil
}

// Release returns the seat held by the lease with the given id.
func (s *Server) Release(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byID[id]
	if !ok {
		return fmt.Errorf("release %s: %w", id, ErrUnknownLease)
	}
	s.dropLocked(p, id)
	return nil
}

// Leases returns the active leases of feature ordered by id.
func (s *Server) Leases(feature string) []Lease {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pools[feature]
	if !ok {
		return nil
	}
	out := make([]Lease, 0, len(p.leases))
	for _, l := range p.leases {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close stops the expiry loop and fails all pending and future checkouts.
// Existing leases are forgotten.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()

	close(s.stop)
	<-s.done
	return nil
}

// dropLocked removes a lease and wakes waiters. s.mu must be held.
func (s *Server) dropLocked(p *pool, id string) {
	delete(p.leases, id)
	delete(s.byID, id)
	s.opts.metrics.SeatsInUse(p.feature, len(p.leases))
	s.cond.Broadcast()
}
