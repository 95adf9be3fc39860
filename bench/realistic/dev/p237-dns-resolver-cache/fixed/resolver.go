package dnscache

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"
)

// Option configures a Resolver.
type Option func(*options)

type options struct {
	clock           Clock
	upstreamTimeout time.Duration
	negativeTTL     time.Duration
	maxTTL          time.Duration
	maxEntries      int
	prefetchRatio   float64
	maxPrefetch     int
	logf            func(format string, args ...any)
}

// WithClock sets the clock used for expiry. The default is the system clock.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithUpstreamTimeout bounds how long a single race across the upstreams
// may take. The default is two seconds.
func WithUpstreamTimeout(d time.Duration) Option { return func(o *options) { o.upstreamTimeout = d } }

// WithNegativeTTL sets how long NXDOMAIN and NODATA replies are cached when
// the upstream does not send a shorter SOA minimum. The default is 30s.
func WithNegativeTTL(d time.Duration) Option { return func(o *options) { o.negativeTTL = d } }

// WithPrefetch enables background refresh of entries that are looked up
// when less than ratio of their TTL remains. At most concurrency refreshes
// query the upstreams at the same time; further refreshes wait their turn.
func WithPrefetch(ratio float64, concurrency int) Option {
	return func(o *options) { o.prefetchRatio, o.maxPrefetch = ratio, concurrency }
}

// WithLogger sets the function used to report background errors.
func WithLogger(logf func(string, ...any)) Option { return func(o *options) { o.logf = logf } }

// Resolver is a caching stub resolver. It is safe for concurrent use.
type Resolver struct {
	upstreams []Upstream
	opts      options
	cache     *cache

	baseCtx       context.Context // parent of background refreshes
	cancel        context.CancelFunc
	prefetchSlots chan struct{}

	mu         sync.Mutex
	refreshing map[Question]bool
	closed     bool
}

// New returns a Resolver that forwards cache misses to upstreams.
func New(upstreams []Upstream, opts ...Option) (*Resolver, error) {
	if len(upstreams) == 0 {
		return nil, ErrNoUpstreams
	}
	o := options{
		clock:           systemClock{},
		upstreamTimeout: 2 * time.Second,
		negativeTTL:     30 * time.Second,
		maxTTL:          24 * time.Hour,
		maxEntries:      10000,
		logf:            log.Printf,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.maxPrefetch < 1 {
		o.maxPrefetch = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Resolver{
		upstreams:     append([]Upstream(nil), upstreams...),
		opts:          o,
		cache:         newCache(o.maxEntries),
		baseCtx:       ctx,
		cancel:        cancel,
		prefetchSlots: make(chan struct{}, o.maxPrefetch),
		refreshing:    make(map[Question]bool),
	}, nil
}

// Lookup returns the records of type typ for name. A name that does not
// exist yields an error wrapping ErrNXDomain; a name that exists without
// records of that type yields no records and no error.
func (r *Resolver) Lookup(ctx context.Context, name string, typ Type) ([]Record, error) {
	q := Question{Name: canonicalName(name), Type: typ}
	r.mu.Lock()
	closed := r.closed
	r.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}

	now := r.opts.clock.Now()
	if e, ok := r.cache.get(q, now); ok {
		if r.opts.prefetchRatio > 0 && e.needsRefresh(now, r.opts.prefetchRatio) {
			r.schedulePrefetch(q)
		}
		return e.result(q, now)
	}

	resp, err := r.exchange(ctx, q)
	if err != nil {
		return nil, err
	}
	e := r.newEntry(resp, now)
	r.cache.put(q, e)
	return e.result(q, now)
}

// Close stops background refreshes. Lookups after Close fail with ErrClosed.
func (r *Resolver) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		r.cancel()
	}
	return nil
}

// newEntry builds a cache entry for resp received at now.
func (r *Resolver) newEntry(resp *Response, now time.Time) *entry {
	ttl := r.opts.negativeTTL
	if resp.Rcode == RcodeSuccess && len(resp.Answers) > 0 {
		ttl = resp.Answers[0].TTL
		for _, rr := range resp.Answers[1:] {
			if rr.TTL < ttl {
				ttl = rr.TTL
			}
		}
		if ttl > r.opts.maxTTL {
			ttl = r.opts.maxTTL
		}
	} else if resp.NegativeTTL > 0 && resp.NegativeTTL < ttl {
		ttl = resp.NegativeTTL
	}
	return &entry{rcode: resp.Rcode, records: resp.Answers, stored: now, expires: now.Add(ttl)}
}

// schedulePrefetch starts a background refresh of q unless one is already
// pending or the resolver is closed.
func (r *Resolver) schedulePrefetch(q Question) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed || r.refreshing[q] {
		return
	}
	r.refreshing[q] = true
	go r.prefetch(q)
}

// prefetch re-resolves q and replaces its cache entry.
func (r *Resolver) prefetch(q Question) {
	r.prefetchSlots <- struct{}{}
	defer func() {
		<-r.prefetchSlots
		r.mu.Lock()
		delete(r.refreshing, q)
		r.mu.Unlock()
	}()

	resp, err := r.exchange(r.baseCtx, q)
	if err != nil {
		// The current entry is still valid; once it expires the next
		// lookup resolves in the foreground and reports the error.
		r.opts.logf("dnscache: prefetch %s: %v", q, err)
		return
	}
	r.cache.put(q, r.newEntry(resp, r.opts.clock.Now()))
}

// exchange races q across all upstreams and returns the first NOERROR or
// NXDOMAIN reply. Transport errors and server failures only fail the lookup
// if every upstream produces one.
func (r *Resolver) exchange(ctx context.Context, q Question) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.upstreamTimeout)
	defer cancel()

	type result struct {
		addr string
		resp *Response
		err  error
	}
	results := make(chan result, len(r.upstreams))
	for _, u := range r.upstreams {
		go func(u Upstream) {
			resp, err := u.Exchange(ctx, q)
			results <- result{addr: u.Addr(), resp: resp, err: err}
		}(u)
	}

	var last error
	for range r.upstreams {
		res := <-results
		switch {
		case res.err != nil:
			last = fmt.Errorf("%s: %w", res.addr, res.err)
		case res.resp.Rcode == RcodeSuccess || res.resp.Rcode == RcodeNXDomain:
			return res.resp, nil
		default:
			last = fmt.Errorf("%s: rcode %d: %w", res.addr, res.resp.Rcode, ErrServFail)
		}
	}
	return nil, fmt.Errorf("resolve %s: all %d upstreams failed, last: %w", q, len(r.upstreams), last)
}
