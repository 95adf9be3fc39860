// Package proxy is a small HTTP reverse proxy that spreads requests over a
// set of backends and protects each of them with a circuit breaker.
//
// A backend whose breaker is open receives no traffic. After a cooldown the
// proxy probes the backend's health endpoint in the background and only
// returns it to rotation once the probe succeeds.
package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Clock abstracts time for the breakers.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// BackendConfig names one upstream server.
type BackendConfig struct {
	Name string
	URL  string
}

// Config configures a Proxy.
type Config struct {
	// Transport performs upstream round trips. Defaults to
	// http.DefaultTransport.
	Transport http.RoundTripper
	// FailureThreshold is the number of consecutive failures that open a
	// breaker. Defaults to 5.
	FailureThreshold int
	// Cooldown is how long a breaker stays open before it is probed.
	// Defaults to 30s.
	Cooldown time.Duration
	// HealthPath is requested by probes. Defaults to "/healthz".
	HealthPath string
	// ProbeTimeout bounds a single probe. Defaults to 5s.
	ProbeTimeout time.Duration
	Clock        Clock
	Logf         func(format string, args ...interface{})
}

// ErrClosed is returned when using a Proxy after Close.
var ErrClosed = errors.New("proxy: closed")

type backend struct {
	name    string
	target  *url.URL
	breaker *Breaker
	// probes wakes the backend's prober; it holds at most one request.
	probes chan struct{}
}

// Proxy is an http.Handler forwarding to healthy backends in round-robin.
type Proxy struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	backends []*backend
	next     int
	closed   bool
}

// New returns a Proxy with no backends; call SetBackends to add some.
func New(cfg Config) *Proxy {
	if cfg.Transport == nil {
		cfg.Transport = http.DefaultTransport
	}
	if cfg.FailureThreshold <= 0 {
		cfg.FailureThreshold = 5
	}
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = 30 * time.Second
	}
	if cfg.HealthPath == "" {
		cfg.HealthPath = "/healthz"
	}
	if cfg.ProbeTimeout <= 0 {
		cfg.ProbeTimeout = 5 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Proxy{cfg: cfg, ctx: ctx, cancel: cancel}
}

// SetBackends replaces the backend set, typically on a configuration
// reload. Backends whose name and URL are unchanged keep their breaker
// state.
func (p *Proxy) SetBackends(configs []BackendConfig) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}

	targets := make([]*url.URL, len(configs))
	for i, c := range configs {
		u, err := url.Parse(c.URL)
		if err != nil {
			return fmt.Errorf("backend %s: %w", c.Name, err)
		}
		if u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("backend %s: URL %q must be absolute", c.Name, c.URL)
		}
		targets[i] = u
	}

	current := make(map[string]*backend, len(p.backends))
	for _, b := range p.backends {
		current[b.name] = b
	}
	next := make([]*backend, 0, len(configs))
	for i, c := range configs {
		if b, ok := current[c.Name]; ok && b.target.String() == targets[i].String() {
			next = append(next, b)
			delete(current, c.Name)
			continue
		}
		next = append(next, p.startBackend(c.Name, targets[i]))
	}
	p.backends = next
	p.next = 0
	return nil
}

func (p *Proxy) startBackend(name string, target *url.URL) *backend {
	b := &backend{name: name, target: target, probes: make(chan struct{}, 1)}
	b.breaker = newBreaker(p.cfg.Clock, p.cfg.FailureThreshold, p.cfg.Cooldown, func(from, to State) {
		p.cfg.Logf("proxy: backend %s: breaker %s -> %s", name, from, to)
	})
	go p.probeLoop(b)
	return b
}

// Close stops all probers. In-flight requests are not interrupted.
func (p *Proxy) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.closed = true
	p.cancel()
	for _, b := range p.backends {
		close(b.probes)
	}
	p.backends = nil
	return nil
}

// pick returns the next backend whose breaker admits a request, scheduling
// probes for backends that have cooled down on the way.
func (p *Proxy) pick() *backend {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := 0; i < len(p.backends); i++ {
		b := p.backends[(p.next+i)%len(p.backends)]
		allowed, probe := b.breaker.Allow()
		if probe {
			select {
			case b.probes <- struct{}{}:
			default:
			}
		}
		if allowed {
			p.next = (p.next + i + 1) % len(p.backends)
			return b
		}
	}
	return nil
}

// ServeHTTP forwards r to a healthy backend.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b := p.pick()
	if b == nil {
		http.Error(w, "no healthy backend", http.StatusServiceUnavailable)
		return
	}

	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme = b.target.Scheme
	out.URL.Host = b.target.Host
	out.Host = b.target.Host
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		out.Header.Set("X-Forwarded-For", ip)
	}

	resp, err := p.cfg.Transport.RoundTrip(out)
	if err != nil {
		b.breaker.Failure()
		p.cfg.Logf("proxy: backend %s: %v", b.name, err)
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		b.breaker.Failure()
	} else {
		b.breaker.Success()
	}

	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	if _, err := io.Copy(w, resp.Body); err != nil {
		p.cfg.Logf("proxy: backend %s: copy response: %v", b.name, err)
	}
}
