// Package proxypool is the upstream side of a reverse proxy: it spreads
// requests over a set of backends, keeps a pool of reusable connections to
// each of them and takes backends out of rotation when health checks fail.
package proxypool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrClosed is returned after the pool has been closed.
	ErrClosed = errors.New("proxypool: pool closed")
	// ErrNoBackend is returned when no healthy backend is available.
	ErrNoBackend = errors.New("proxypool: no healthy backend")
)

// Request is a request forwarded to a backend.
type Request struct {
	Method string
	Path   string
	Header map[string]string
	Body   []byte
}

// Response is a backend's answer to a Request.
type Response struct {
	Status int
	Header map[string]string
	Body   []byte
}

// Conn is a connection to a backend that carries one request at a time.
type Conn interface {
	RoundTrip(ctx context.Context, req *Request) (*Response, error)
	Close() error
}

// Dialer opens connections to backends.
type Dialer interface {
	Dial(ctx context.Context, addr string) (Conn, error)
}

// HealthChecker probes a backend, returning nil if it can take traffic.
type HealthChecker interface {
	Check(ctx context.Context, addr string) error
}

// Clock creates the ticker that drives health checks.
type Clock interface {
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the pool uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Config configures a Pool. Dialer and Checker are required.
type Config struct {
	Dialer  Dialer
	Checker HealthChecker
	Clock   Clock // defaults to the system clock

	MaxIdle       int           // idle connections kept per backend; default 4
	MinIdle       int           // connections kept warm per backend; 0 disables warming
	DialTimeout   time.Duration // default 5s
	CheckInterval time.Duration // default 10s
	CheckTimeout  time.Duration // default 2s
	FailThreshold int           // consecutive failures before a backend is taken out; default 2
}

// Pool forwards requests to backends. It is safe for concurrent use.
type Pool struct {
	cfg Config

	mu       sync.Mutex
	backends map[string]*backend
	order    []string // rotation order
	next     int
	closed   bool

	stop chan struct{}
	done chan struct{}
}

// New creates a pool over addrs and starts health checking.
func New(cfg Config, addrs ...string) (*Pool, error) {
	if cfg.Dialer == nil || cfg.Checker == nil {
		return nil, errors.New("proxypool: Dialer and Checker are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	setDefault(&cfg.MaxIdle, 4)
	setDefault(&cfg.DialTimeout, 5*time.Second)
	setDefault(&cfg.CheckInterval, 10*time.Second)
	setDefault(&cfg.CheckTimeout, 2*time.Second)
	setDefault(&cfg.FailThreshold, 2)

	p := &Pool{
		cfg:      cfg,
		backends: make(map[string]*backend),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	p.SetBackends(addrs)
	go p.healthLoop()
	return p, nil
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// SetBackends replaces the set of backends, typically after a configuration
// reload. Backends present in both sets keep their connections and health.
func (p *Pool) SetBackends(addrs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	keep := make(map[string]bool, len(addrs))
	for _, addr := range addrs {
		keep[addr] = true
		if _, ok := p.backends[addr]; !ok {
			p.backends[addr] = p.newBackend(addr)
		}
	}
	for addr, b := range p.backends {
		if !keep[addr] {
			b.retired = true
			b.closeIdleLocked()
			delete(p.backends, addr)
		}
	}
	p.order = append(p.order[:0], addrs...)
}

// RoundTrip forwards req to the next healthy backend.
func (p *Pool) RoundTrip(ctx context.Context, req *Request) (*Response, error) {
	b, conn, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := conn.RoundTrip(ctx, req)
	if err != nil {
		conn.Close()
		if ctx.Err() == nil {
			p.record(b, err)
		}
		return nil, fmt.Errorf("proxypool: %s: %w", b.addr, err)
	}
	p.put(b, conn)
	return resp, nil
}

// get picks a backend and returns an idle connection to it, dialing a new
// one if there is none.
func (p *Pool) get(ctx context.Context) (*backend, Conn, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, nil, ErrClosed
	}
	b := p.pickLocked()
	if b == nil {
		p.mu.Unlock()
		return nil, nil, ErrNoBackend
	}
	if n := len(b.idle); n > 0 {
		conn := b.idle[n-1]
		b.idle = b.idle[:n-1]
		b.wakeWarmerLocked()
		p.mu.Unlock()
		return b, conn, nil
	}
	p.mu.Unlock()

	dctx, cancel := context.WithTimeout(ctx, p.cfg.DialTimeout)
	defer cancel()
	conn, err := p.cfg.Dialer.Dial(dctx, b.addr)
	if err != nil {
		if ctx.Err() == nil {
			p.record(b, err)
		}
		return nil, nil, fmt.Errorf("proxypool: dial %s: %w", b.addr, err)
	}
	return b, conn, nil
}

// pickLocked returns the next healthy backend in rotation. p.mu must be held.
func (p *Pool) pickLocked() *backend {
	for i := 0; i < len(p.order); i++ {
		b := p.backends[p.order[(p.next+i)%len(p.order)]]
		if b != nil && b.healthy {
			p.next = (p.next + i + 1) % len(p.order)
			return b
		}
	}
	return nil
}

// put returns conn to b's idle list, or closes it if it cannot be reused.
func (p *Pool) put(b *backend, conn Conn) {
	p.mu.Lock()
	ok := !p.closed && b.acceptsIdleLocked(p.cfg.MaxIdle)
	if ok {
		b.idle = append(b.idle, conn)
	}
	p.mu.Unlock()
	if !ok {
		conn.Close()
	}
}

// Close stops health checking and closes all idle connections.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	p.closed = true
	for _, b := range p.backends {
		b.shutdownLocked()
	}
	p.mu.Unlock()

	close(p.stop)
	<-p.done
	return nil
}

type systemClock struct{}

func (systemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

type systemTicker struct{ t *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.t.C }
func (t systemTicker) Stop()               { t.t.Stop() }
