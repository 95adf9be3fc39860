// Package dnscache is a caching stub resolver. Answers are kept for their
// TTL, and names that are looked up again shortly before they expire are
// refreshed from upstream in the background, so popular names never miss.
package dnscache

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// ErrNoSuchHost is returned by an Upstream for a name that does not exist.
var ErrNoSuchHost = errors.New("no such host")

// Answer is an upstream response for one name.
type Answer struct {
	Addrs []netip.Addr
	TTL   time.Duration
}

// Upstream asks an authoritative or recursive server about a name.
type Upstream interface {
	Exchange(ctx context.Context, name string) (Answer, error)
}

// Option configures a Resolver.
type Option func(*Resolver)

// WithMaxInflight limits how many upstream queries may run at once.
func WithMaxInflight(n int) Option {
	return func(r *Resolver) {
		if n > 0 {
			r.maxInflight = n
		}
	}
}

// WithPrefetchWindow makes a cache hit refresh the entry in the background
// when it has less than d left to live.
func WithPrefetchWindow(d time.Duration) Option {
	return func(r *Resolver) { r.prefetchWindow = d }
}

// WithPrefetchTimeout bounds each background refresh.
func WithPrefetchTimeout(d time.Duration) Option {
	return func(r *Resolver) { r.prefetchTimeout = d }
}

type entry struct {
	addrs    []netip.Addr
	expires  time.Time
	fetching bool
}

// Resolver answers lookups from its cache or from upstream.
type Resolver struct {
	upstream        Upstream
	maxInflight     int
	prefetchWindow  time.Duration
	prefetchTimeout time.Duration
	now             func() time.Time

	mu       sync.Mutex
	cond     *sync.Cond
	cache    map[string]*entry
	inflight int
	waiting  int
	failures int
}

// New returns a Resolver that asks upstream on a cache miss.
func New(upstream Upstream, opts ...Option) *Resolver {
	r := &Resolver{
		upstream:        upstream,
		maxInflight:     8,
		prefetchWindow:  5 * time.Second,
		prefetchTimeout: 2 * time.Second,
		now:             time.Now,
		cache:           map[string]*entry{},
	}
	r.cond = sync.NewCond(&r.mu)
	for _, o := range opts {
		o(r)
	}
	return r
}

// Stats is a snapshot of the resolver's counters.
type Stats struct {
	Cached   int
	Inflight int
	Waiting  int
	Failures int
}

// Stats returns the current counters.
func (r *Resolver) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Stats{Cached: len(r.cache), Inflight: r.inflight, Waiting: r.waiting, Failures: r.failures}
}

// Lookup returns the addresses of name.
func (r *Resolver) Lookup(ctx context.Context, name string) ([]netip.Addr, error) {
	name = canonical(name)
	r.mu.Lock()
	e, ok := r.cache[name]
	if ok && r.now().Before(e.expires) {
		addrs := e.addrs
		if !e.fetching && e.expires.Sub(r.now()) < r.prefetchWindow {
			e.fetching = true
			go r.prefetch(name)
		}
		r.mu.Unlock()
		return addrs, nil
	}
	r.mu.Unlock()

	ans, err := r.query(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("dnscache: lookup %s: %w", name, err)
	}
	r.store(name, ans)
	return ans.Addrs, nil
}

// prefetch refreshes a cached name in the background.
func (r *Resolver) prefetch(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), r.prefetchTimeout)
	defer cancel()
	ans, err := r.query(ctx, name)
	if err != nil {
		r.mu.Lock()
		if e, ok := r.cache[name]; ok {
			e.fetching = false
		}
		r.mu.Unlock()
		return
	}
	r.store(name, ans)
}

func (r *Resolver) store(name string, ans Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cache[name] = &entry{addrs: ans.Addrs, expires: r.now().Add(ans.TTL)}
}

func canonical(name string) string {
	name = strings.ToLower(name)
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}
