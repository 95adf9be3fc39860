// Package dohproxy implements a caching DNS-over-HTTPS (RFC 8484) proxy. It
// forwards queries to a list of upstream DoH resolvers, keeps track of their
// health and caches responses for as long as their TTLs allow.
package dohproxy

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

const (
	dnsMessage = "application/dns-message"
	maxMessage = 65535
)

// Errors returned by the proxy.
var (
	ErrNoUpstreams = errors.New("dohproxy: no usable upstream")
	ErrClosed      = errors.New("dohproxy: proxy closed")
)

// Config configures a Proxy.
type Config struct {
	Upstreams []string
	Exchanger Exchanger // defaults to NewHTTPExchanger()
	Clock     Clock

	CacheSize     int           // maximum cached responses, default 10000
	MinTTL        time.Duration // floor for cache lifetimes, default 5s
	MaxTTL        time.Duration // ceiling for cache lifetimes, default 1h
	ProbeInterval time.Duration // default 15s
	ProbeTimeout  time.Duration // default 2s

	Logf func(format string, args ...interface{})
}

type cacheEntry struct {
	msg     []byte
	expires time.Time
}

// Proxy is an http.Handler serving DoH queries.
type Proxy struct {
	cfg Config

	mu        sync.Mutex
	upstreams []*upstream
	closed    bool

	cacheMu sync.Mutex
	cache   map[string]cacheEntry
}

// New starts health probes for cfg.Upstreams and returns the proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Exchanger == nil {
		cfg.Exchanger = NewHTTPExchanger()
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	setDefault(&cfg.MinTTL, 5*time.Second)
	setDefault(&cfg.MaxTTL, time.Hour)
	setDefault(&cfg.ProbeInterval, 15*time.Second)
	setDefault(&cfg.ProbeTimeout, 2*time.Second)
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 10000
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	p := &Proxy{cfg: cfg, cache: make(map[string]cacheEntry)}
	if err := p.SetUpstreams(cfg.Upstreams); err != nil {
		return nil, err
	}
	return p, nil
}

func setDefault(d *time.Duration, v time.Duration) {
	if *d <= 0 {
		*d = v
	}
}

// SetUpstreams replaces the upstream list, for example on a configuration
// reload. Upstreams present in both lists keep their health state.
func (p *Proxy) SetUpstreams(endpoints []string) error {
	if len(endpoints) == 0 {
		return ErrNoUpstreams
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	current := make(map[string]*upstream, len(p.upstreams))
	for _, u := range p.upstreams {
		current[u.endpoint] = u
	}
	next := make([]*upstream, 0, len(endpoints))
	for _, ep := range endpoints {
		if u, ok := current[ep]; ok {
			next = append(next, u)
			delete(current, ep)
			continue
		}
		u := newUpstream(ep)
		go u.probe(p.cfg.Exchanger, p.cfg.ProbeInterval, p.cfg.ProbeTimeout)
		next = append(next, u)
	}
	p.upstreams = next
	p.mu.Unlock()

	for ep := range current {
		p.cfg.Logf("dohproxy: upstream %s removed", ep)
	}
	return nil
}

// Close stops the health probes. In-flight queries are not interrupted.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	ups := p.upstreams
	p.upstreams = nil
	p.mu.Unlock()

	for _, u := range ups {
		u.stop()
	}
	if c, ok := p.cfg.Exchanger.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
	return nil
}

// Resolve answers a wire-format query from the cache or the first healthy
// upstream, in configured order.
func (p *Proxy) Resolve(ctx context.Context, query []byte) ([]byte, error) {
	key, err := questionKey(query)
	if err != nil {
		return nil, err
	}
	if resp, ok := p.lookup(key); ok {
		copy(resp[:2], query[:2])
		return resp, nil
	}

	p.mu.Lock()
	ups := p.upstreams
	p.mu.Unlock()

	var lastErr error = ErrNoUpstreams
	for _, u := range ups {
		if !u.isHealthy() {
			continue
		}
		resp, err := p.cfg.Exchanger.Exchange(ctx, u.endpoint, query)
		u.record(err)
		if err == nil && len(resp) < headerLen {
			err = ErrMalformed
		}
		if err != nil {
			lastErr = fmt.Errorf("dohproxy: %s: %w", u.endpoint, err)
			if ctx.Err() != nil {
				return nil, lastErr
			}
			continue
		}
		p.store(key, resp)
		return resp, nil
	}
	return nil, lastErr
}

func (p *Proxy) lookup(key string) ([]byte, bool) {
	now := p.cfg.Clock.Now()
	p.cacheMu.Lock()
	defer p.cacheMu.Unlock()
	e, ok := p.cache[key]
	if !ok {
		return nil, false
	}
	if !now.Before(e.expires) {
		delete(p.cache, key)
		return nil, false
	}
	return append([]byte(nil), e.msg...), true
}

func (p *Proxy) store(key string, resp []byte) {
	secs, ok := minTTL(resp)
	if !ok || resp[3]&0x0F != 0 {
		return // only positive answers are cached
	}
	ttl := time.Duration(secs) * time.Second
	if ttl < p.cfg.MinTTL {
		ttl = p.cfg.MinTTL
	} else if ttl > p.cfg.MaxTTL {
		ttl = p.cfg.MaxTTL
	}
	now := p.cfg.Clock.Now()
	p.cacheMu.Lock()
	defer p.cacheMu.Unlock()
	if len(p.cache) >= p.cfg.CacheSize {
		// Start over rather than track recency; a full cache is rare and
		// refills within one TTL.
		p.cache = make(map[string]cacheEntry, p.cfg.CacheSize)
	}
	p.cache[key] = cacheEntry{msg: append([]byte(nil), resp...), expires: now.Add(ttl)}
}

// ServeHTTP implements the RFC 8484 GET and POST forms.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var query []byte
	var err error
	switch r.Method {
	case http.MethodGet:
		query, err = base64.RawURLEncoding.DecodeString(r.URL.Query().Get("dns"))
	case http.MethodPost:
		if r.Header.Get("Content-Type") != dnsMessage {
			http.Error(w, "unsupported media type", http.StatusUnsupportedMediaType)
			return
		}
		query, err = io.ReadAll(io.LimitReader(r.Body, maxMessage))
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err != nil || len(query) < headerLen {
		http.Error(w, "bad query", http.StatusBadRequest)
		return
	}
	resp, err := p.Resolve(r.Context(), query)
	if err != nil {
		p.cfg.Logf("dohproxy: resolve: %v", err)
		http.Error(w, "upstream failure", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", dnsMessage)
	_, _ = w.Write(resp)
}
