// Package lb is a reverse proxy that spreads requests over a pool of backends
// and keeps the ones failing their health check out of rotation.
package lb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"time"
)

// ErrNoHealthyBackend is reported to clients when every backend is down.
var ErrNoHealthyBackend = errors.New("no healthy backend")

// Event reports a backend going in or out of rotation.
type Event struct {
	Backend string
	Healthy bool
}

// Option configures a Pool.
type Option func(*Pool)

// WithInterval sets how often backends are probed.
func WithInterval(d time.Duration) Option { return func(p *Pool) { p.interval = d } }

// WithHealthPath sets the path probed on each backend.
func WithHealthPath(path string) Option { return func(p *Pool) { p.healthPath = path } }

// WithOnChange registers a callback run whenever a backend changes state.
// Callbacks run on their own goroutine so a slow one never delays probing.
func WithOnChange(f func(Event)) Option { return func(p *Pool) { p.onChange = f } }

type backend struct {
	url     *url.URL
	proxy   *httputil.ReverseProxy
	healthy atomic.Bool
}

// Pool is an http.Handler proxying to healthy backends in turn.
type Pool struct {
	backends   []*backend
	next       atomic.Uint64
	interval   time.Duration
	healthPath string
	onChange   func(Event)
	transport  *http.Transport
	client     *http.Client

	events   chan Event
	cancel   context.CancelFunc
	loopDone chan struct{}
}

// New builds a pool over the given backend URLs and starts health checking.
// Backends start healthy.
func New(targets []string, opts ...Option) (*Pool, error) {
	p := &Pool{
		interval:   10 * time.Second,
		healthPath: "/healthz",
		transport:  &http.Transport{MaxIdleConnsPerHost: 4},
		events:     make(chan Event, 16),
		loopDone:   make(chan struct{}),
	}
	for _, o := range opts {
		o(p)
	}
	p.client = &http.Client{Transport: p.transport, Timeout: p.interval}
	for _, t := range targets {
		u, err := url.Parse(t)
		if err != nil {
			return nil, fmt.Errorf("backend %q: %w", t, err)
		}
		b := &backend{url: u, proxy: httputil.NewSingleHostReverseProxy(u)}
		b.proxy.Transport = p.transport
		b.healthy.Store(true)
		p.backends = append(p.backends, b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go p.healthLoop(ctx)
	if p.onChange != nil {
		go p.dispatch()
	}
	return p, nil
}

// ServeHTTP forwards r to the next healthy backend.
func (p *Pool) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := len(p.backends)
	start := int(p.next.Add(1))
	for i := 0; i < n; i++ {
		b := p.backends[(start+i)%n]
		if b.healthy.Load() {
			b.proxy.ServeHTTP(w, r)
			return
		}
	}
	http.Error(w, ErrNoHealthyBackend.Error(), http.StatusBadGateway)
}

// Close stops health checking and drops idle connections.
func (p *Pool) Close() {
	p.cancel()
	<-p.loopDone
	p.transport.CloseIdleConnections()
}
