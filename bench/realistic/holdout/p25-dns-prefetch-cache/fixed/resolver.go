// Package dnscache is a caching stub resolver. Concurrent lookups of the same name
// share one upstream query, and names that are about to expire are refreshed in the
// background so that hot names never miss the cache.
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

// ErrClosed is returned by Lookup after Close.
var ErrClosed = errors.New("dnscache: resolver closed")

// Upstream answers queries the cache cannot.
type Upstream interface {
	Exchange(ctx context.Context, name string) (addrs []netip.Addr, ttl time.Duration, err error)
}

// Option configures a Resolver.
type Option func(*Resolver)

// WithQueryTimeout bounds each upstream exchange.
func WithQueryTimeout(d time.Duration) Option {
	return func(r *Resolver) { r.queryTimeout = d }
}

// WithPrefetchWindow sets how close to expiry an entry must be for a hit to
// trigger a background refresh.
func WithPrefetchWindow(d time.Duration) Option {
	return func(r *Resolver) { r.prefetchWindow = d }
}

type entry struct {
	addrs   []netip.Addr
	expires time.Time
}

// Resolver is a caching resolver in front of an Upstream.
type Resolver struct {
	upstream       Upstream
	queryTimeout   time.Duration
	prefetchWindow time.Duration

	mu      sync.RWMutex
	entries map[string]entry

	flights  group
	prefetch chan string
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

// New returns a Resolver and starts its prefetcher.
func New(up Upstream, opts ...Option) *Resolver {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Resolver{
		upstream:       up,
		queryTimeout:   2 * time.Second,
		prefetchWindow: 5 * time.Second,
		entries:        make(map[string]entry),
		prefetch:       make(chan string, 64),
		ctx:            ctx,
		cancel:         cancel,
	}
	for _, o := range opts {
		o(r)
	}
	r.wg.Add(1)
	go r.prefetchLoop()
	return r
}

// Lookup returns the addresses of name, from the cache when possible.
func (r *Resolver) Lookup(ctx context.Context, name string) ([]netip.Addr, error) {
	if r.ctx.Err() != nil {
		return nil, ErrClosed
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if e, ok := r.cached(name); ok {
		if time.Until(e.expires) < r.prefetchWindow {
			select {
			case r.prefetch <- name:
			default: // prefetcher is busy; the next hit will try again
			}
		}
		return e.addrs, nil
	}

	select {
	case res := <-r.resolve(name):
		if res.err != nil {
			return nil, fmt.Errorf("lookup %s: %w", name, res.err)
		}
		return res.addrs, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("lookup %s: %w", name, ctx.Err())
	}
}

// Close stops the prefetcher. In-flight lookups still complete.
func (r *Resolver) Close() {
	r.cancel()
	r.wg.Wait()
}

func (r *Resolver) cached(name string) (entry, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.entries[name]
	if !ok || time.Now().After(e.expires) {
		return entry{}, false
	}
	return e, true
}

// resolve joins (or starts) the upstream query for name and stores its answer.
func (r *Resolver) resolve(name string) <-chan result {
	return r.flights.join(name, func() result {
		ctx, cancel := context.WithTimeout(context.Background(), r.queryTimeout)
		defer cancel()
		addrs, ttl, err := r.upstream.Exchange(ctx, name)
		if err != nil {
			return result{err: err}
		}
		r.mu.Lock()
		r.entries[name] = entry{addrs: addrs, expires: time.Now().Add(ttl)}
		r.mu.Unlock()
		return result{addrs: addrs}
	})
}
