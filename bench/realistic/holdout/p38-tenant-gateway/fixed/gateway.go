// Package gateway is an HTTP front door that forwards requests to a backend
// while enforcing a per-tenant rate limit. Requests over the limit wait in a
// small per-tenant queue instead of being turned away at once.
package gateway

import (
	"errors"
	"net/http"
	"sync"
	"time"
)

// Errors reported to clients that were not forwarded.
var (
	ErrQueueFull    = errors.New("gateway: tenant queue is full")
	ErrQueueTimeout = errors.New("gateway: request waited too long in the queue")
	ErrClosed       = errors.New("gateway: shutting down")
)

// Option configures a Gateway.
type Option func(*Gateway)

// WithRate sets the sustained rate per tenant and how many requests may burst.
func WithRate(perSecond float64, burst int) Option {
	return func(g *Gateway) { g.rate, g.burst = perSecond, burst }
}

// WithQueueSize bounds how many requests a tenant may have waiting.
func WithQueueSize(n int) Option {
	return func(g *Gateway) { g.queueSize = n }
}

// WithMaxWait bounds how long a request may wait for its turn; a request
// that waited longer is not forwarded, since its client has likely given up.
func WithMaxWait(d time.Duration) Option {
	return func(g *Gateway) { g.maxWait = d }
}

// Gateway is an http.Handler that admits requests per tenant and passes the
// admitted ones to the backend.
type Gateway struct {
	backend   http.Handler
	rate      float64
	burst     int
	queueSize int
	maxWait   time.Duration
	header    string

	mu      sync.Mutex
	tenants map[string]*tenant
	closed  bool
	done    chan struct{}
	wg      sync.WaitGroup
}

// New returns a gateway in front of backend.
func New(backend http.Handler, opts ...Option) *Gateway {
	g := &Gateway{
		backend:   backend,
		rate:      10,
		burst:     10,
		queueSize: 32,
		maxWait:   2 * time.Second,
		header:    "X-Tenant",
		tenants:   make(map[string]*tenant),
		done:      make(chan struct{}),
	}
	for _, o := range opts {
		o(g)
	}
	return g
}

// ServeHTTP waits for the tenant's turn and then forwards the request.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(g.header)
	if id == "" {
		http.Error(w, "missing "+g.header+" header", http.StatusBadRequest)
		return
	}
	p := &pending{ctx: r.Context(), enqueued: time.Now(), granted: make(chan error, 1)}
	if err := g.enqueue(id, p); err != nil {
		writeError(w, err)
		return
	}
	select {
	case err := <-p.granted:
		if err != nil {
			writeError(w, err)
			return
		}
	case <-r.Context().Done():
		return
	}
	g.backend.ServeHTTP(w, r)
}

// Close stops admitting requests, fails the queued ones and waits for the
// tenant workers to exit.
func (g *Gateway) Close() error {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		close(g.done)
	}
	g.mu.Unlock()
	g.wg.Wait()
	return nil
}

func writeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrQueueFull):
		w.Header().Set("Retry-After", "1")
		http.Error(w, err.Error(), http.StatusTooManyRequests)
	default:
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
	}
}
