// Package hits counts API requests per tenant and route for billing, and
// persists the counts when the server shuts down.
package hits

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Store persists counts.
type Store interface {
	Save(ctx context.Context, counts map[Key]int64) error
}

// Key identifies one counter.
type Key struct {
	Tenant string
	Route  string
}

// TenantFunc extracts the tenant a request is billed to.
type TenantFunc func(r *http.Request) string

// Option configures a Counter.
type Option func(*Counter)

// WithTenant sets how the tenant of a request is found; by default it is the
// first label of the Host header.
func WithTenant(f TenantFunc) Option { return func(c *Counter) { c.tenantOf = f } }

// WithLogf sends diagnostics to logf.
func WithLogf(logf func(string, ...any)) Option { return func(c *Counter) { c.logf = logf } }

// Counter accumulates request counts in memory.
type Counter struct {
	store    Store
	tenantOf TenantFunc
	logf     func(string, ...any)

	mu     sync.Mutex
	counts map[Key]int64
}

// New makes a counter that saves to store.
func New(store Store, opts ...Option) *Counter {
	c := &Counter{
		store:    store,
		tenantOf: hostTenant,
		logf:     func(string, ...any) {},
		counts:   make(map[Key]int64),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

func hostTenant(r *http.Request) string {
	host, _, _ := strings.Cut(r.Host, ":")
	label, _, _ := strings.Cut(host, ".")
	return label
}

// Hit counts one request to route.
func (c *Counter) Hit(r *http.Request, route string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts[Key{Tenant: c.tenantOf(r), Route: route}]++
}

// Snapshot returns the current counts in a stable order.
func (c *Counter) Snapshot() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.counts))
	for k, n := range c.counts {
		out = append(out, fmt.Sprintf("%s %s %d", k.Tenant, k.Route, n))
	}
	sort.Strings(out)
	return out
}

func (c *Counter) flush(ctx context.Context) error {
	c.mu.Lock()
	snap := make(map[Key]int64, len(c.counts))
	for k, n := range c.counts {
		snap[k] = n
	}
	c.mu.Unlock()
	return c.store.Save(ctx, snap)
}

// Close saves the counts, giving up when ctx ends.
func (c *Counter) Close(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- c.flush(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("hits: final save: %w", ctx.Err())
	}
}
