package stub

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type upstream struct {
	Upstream
	domains []string // empty: general purpose
}

func (u upstream) serves(name string) bool {
	for _, d := range u.domains {
		if inDomain(name, d) {
			return true
		}
	}
	return false
}

// eligible reports whether u should be asked about name. routed says whether
// some upstream is dedicated to a domain containing name.
func (u upstream) eligible(name string, routed bool) bool {
	if routed {
		return u.serves(name)
	}
	return len(u.domains) == 0
}

// Option configures a Resolver.
type Option func(*Resolver)

// WithUpstream adds an upstream server. If domains are given the upstream
// only answers names within them, and names within them go only to it.
func WithUpstream(u Upstream, domains ...string) Option {
	return func(r *Resolver) {
		up := upstream{Upstream: u}
		for _, d := range domains {
			if cd, err := canonical(d); err == nil {
				up.domains = append(up.domains, cd)
			}
		}
		r.upstreams = append(r.upstreams, up)
	}
}

// WithTimeout bounds how long one query waits for its upstreams.
func WithTimeout(d time.Duration) Option { return func(r *Resolver) { r.timeout = d } }

// WithMaxNegativeTTL caps how long NXDOMAIN and NODATA answers are cached.
func WithMaxNegativeTTL(d time.Duration) Option { return func(r *Resolver) { r.maxNegTTL = d } }

// WithPrefetch refreshes an entry in the background when it is hit with
// less than fraction of its lifetime left. Zero disables prefetching.
func WithPrefetch(fraction float64) Option { return func(r *Resolver) { r.prefetch = fraction } }

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(r *Resolver) { r.clock = c } }

// Resolver is a caching stub resolver. It is safe for concurrent use.
type Resolver struct {
	upstreams []upstream
	timeout   time.Duration
	maxNegTTL time.Duration
	prefetch  float64
	clock     Clock
	cache     *cache

	mu         sync.Mutex
	refreshing map[Question]bool
	closed     bool
	bg         sync.WaitGroup // background refreshes
}

// New returns a Resolver configured by opts; it needs at least one upstream.
func New(opts ...Option) (*Resolver, error) {
	r := &Resolver{
		timeout:    2 * time.Second,
		maxNegTTL:  5 * time.Minute,
		clock:      systemClock{},
		refreshing: make(map[Question]bool),
	}
	for _, o := range opts {
		o(r)
	}
	if len(r.upstreams) == 0 {
		return nil, ErrNoUpstreams
	}
	r.cache = newCache(10000)
	return r, nil
}

// Resolve answers q from the cache or, on a miss, from the upstreams.
// NXDOMAIN is an answer, not an error: check Response.Rcode.
func (r *Resolver) Resolve(ctx context.Context, q Question) (*Response, error) {
	name, err := canonical(q.Name)
	if err != nil {
		return nil, fmt.Errorf("resolve %q: %w", q.Name, err)
	}
	q.Name = name

	now := r.clock.Now()
	if e, ok := r.cache.get(q, now); ok {
		if r.prefetch > 0 && !e.negative {
			life := e.expires.Sub(e.stored)
			if e.expires.Sub(now) < time.Duration(float64(life)*r.prefetch) {
				r.startRefresh(q)
			}
		}
		return e.resp, nil
	}

	resp, err := r.race(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", q.Name, err)
	}
	r.store(q, resp)
	return resp, nil
}

// store caches resp according to its kind.
func (r *Resolver) store(q Question, resp *Response) {
	var ttl time.Duration
	switch {
	case resp.negative():
		ttl = time.Duration(resp.NegativeTTL) * time.Second
		if ttl > r.maxNegTTL {
			ttl = r.maxNegTTL
		}
	case resp.Rcode == RcodeSuccess:
		ttl = time.Duration(resp.ttl()) * time.Second
	default:
		return // SERVFAIL, REFUSED, ...: never cached
	}
	r.cache.put(q, resp, ttl, r.clock.Now())
}

// race sends q to every upstream responsible for it and returns the first
// usable answer.
func (r *Resolver) race(ctx context.Context, q Question) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()

	routed := false
	for _, u := range r.upstreams {
		if u.serves(q.Name) {
			routed = true
			break
		}
	}

	type result struct {
		resp *Response
		err  error
		from string
	}
	results := make(chan result)
	var wg sync.WaitGroup
	for _, u := range r.upstreams {
		if !u.eligible(q.Name, routed) {
			continue
		}
		wg.Add(1)
		go func(u upstream) {
			defer wg.Done()
			resp, err := u.Exchange(ctx, q)
			select {
			case results <- result{resp: resp, err: err, from: u.Name()}:
			case <-ctx.Done():
			}
		}(u)
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var firstErr error
	for {
		select {
		case res, ok := <-results:
			if !ok {
				return nil, fmt.Errorf("%w: %v", ErrAllUpstreamsFailed, firstErr)
			}
			if res.err == nil && res.resp.Rcode == RcodeServFail {
				res.err = fmt.Errorf("rcode %d", res.resp.Rcode)
			}
			if res.err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("upstream %s: %w", res.from, res.err)
				}
				continue
			}
			res.resp.Upstream = res.from
			return res.resp, nil
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for upstreams: %w", ctx.Err())
		}
	}
}

// startRefresh re-resolves q in the background unless a refresh is already
// running or the resolver is closed.
func (r *Resolver) startRefresh(q Question) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.refreshing[q] {
		return
	}
	r.refreshing[q] = true
	r.bg.Add(1)
	go func() {
		defer r.bg.Done()
		if resp, err := r.race(context.Background(), q); err == nil {
			r.store(q, resp)
		}
		r.mu.Lock()
		delete(r.refreshing, q)
		r.mu.Unlock()
	}()
}

// Close stops new background refreshes and waits for running ones.
func (r *Resolver) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.bg.Wait()
}
