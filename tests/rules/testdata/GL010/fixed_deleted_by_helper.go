package fixeddeletedbyhelper

import "sync"

// Pool keeps a warm backend per address.
type Pool struct {
	mu       sync.Mutex
	backends map[string]*backend
}

type backend struct {
	addr    string
	retired bool
	warm    chan struct{}
}

// newBackend starts the backend's warmer.
func (p *Pool) newBackend(addr string) *backend {
	b := &backend{addr: addr, warm: make(chan struct{}, 1)}
	go p.warmLoop(b)
	return b
}

func (p *Pool) warmLoop(b *backend) {
	for range b.warm {
		p.mu.Lock()
		_ = b.addr
		p.mu.Unlock()
	}
}

// shutdownLocked takes b out of service for good.
func (b *backend) shutdownLocked() {
	if b.retired {
		return
	}
	b.retired = true
	close(b.warm)
}

// SetBackends replaces the set of backends after a configuration reload.
func (p *Pool) SetBackends(addrs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	keep := make(map[string]bool, len(addrs))
	for _, addr := range addrs {
		keep[addr] = true
		if _, ok := p.backends[addr]; !ok {
			p.backends[addr] = p.newBackend(addr)
		}
	}
	for addr, b := range p.backends {
		if !keep[addr] {
			b.shutdownLocked()
			p.forget(addr)
		}
	}
}

// forget drops addr; its caller has stopped the backend.
func (p *Pool) forget(addr string) {
	delete(p.backends, addr)
}

// Close stops every backend.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, b := range p.backends {
		b.shutdownLocked()
	}
}
