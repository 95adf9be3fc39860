package tenants

import (
	"sync"
	"time"
)

// run: p := New(); p.Push("a", 1); p.EvictIdle(time.Now().Add(time.Hour)); p.Close()

type tenant struct {
	name     string
	in       chan int
	lastSeen time.Time
}

// Proxy forwards each tenant's values on a goroutine of its own.
type Proxy struct {
	mu      sync.Mutex
	tenants map[string]*tenant
}

func New() *Proxy { return &Proxy{tenants: make(map[string]*tenant)} }

// Push queues v for the tenant, starting its forwarder on first use.
func (p *Proxy) Push(name string, v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t, ok := p.tenants[name]
	if !ok {
		t = &tenant{name: name, in: make(chan int, 4)}
		p.tenants[name] = t
		go p.forward(t)
	}
	t.lastSeen = time.Now()
	select {
	case t.in <- v:
	default:
	}
}

func (p *Proxy) forward(t *tenant) {
	for v := range t.in { // want "goroutine `forward` never finishes ranging over `t.in`: `EvictIdle` deletes its entry from `tenants` at line 55 without closing `t.in`"
		_ = v
	}
}

// EvictIdle drops the tenants silent for a minute before now.
func (p *Proxy) EvictIdle(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for name, t := range p.tenants {
		if now.Sub(t.lastSeen) < time.Minute {
			continue
		}
		delete(p.tenants, name)
	}
}

// Close stops every forwarder.
func (p *Proxy) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for name, t := range p.tenants {
		close(t.in)
		delete(p.tenants, name)
	}
}
