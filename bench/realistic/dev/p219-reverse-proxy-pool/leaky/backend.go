package proxypool

import (
	"context"
	"sync"
)

// backend is one upstream server. All fields are guarded by Pool.mu.
type backend struct {
	addr     string
	healthy  bool
	failures int
	retired  bool
	idle     []Conn
	warm     chan struct{} // capacity 1; nil unless warming is enabled
}

// newBackend creates a backend, optimistically healthy, and starts its
// warmer if the pool keeps connections warm. p.mu must be held.
func (p *Pool) newBackend(addr string) *backend {
	b := &backend{addr: addr, healthy: true}
	if p.cfg.MinIdle > 0 {
		b.warm = make(chan struct{}, 1)
		go p.warmLoop(b)
		b.wakeWarmerLocked()
	}
	return b
}

func (b *backend) acceptsIdleLocked(limit int) bool {
	return !b.retired && b.healthy && len(b.idle) < limit
}

func (b *backend) wakeWarmerLocked() {
	if b.warm == nil || b.retired {
		return
	}
	select {
	case b.warm <- struct{}{}:
	default:
	}
}

func (b *backend) closeIdleLocked() {
	for _, c := range b.idle {
		c.Close()
	}
	b.idle = nil
}

// shutdownLocked takes b out of service for good.
func (b *backend) shutdownLocked() {
	if b.retired {
		return
	}
	b.retired = true
	b.closeIdleLocked()
	if b.warm != nil {
		close(b.warm)
	}
}

// warmLoop tops b's idle list up to MinIdle every time it is woken, so that
// requests rarely pay for a dial.
func (p *Pool) warmLoop(b *backend) {
	for range b.warm { // leak: warmer of a backend dropped by SetBackends is never woken again
		p.fill(b)
	}
}

func (p *Pool) fill(b *backend) {
	for {
		p.mu.Lock()
		need := !p.closed && b.acceptsIdleLocked(p.cfg.MaxIdle) && len(b.idle) < p.cfg.MinIdle
		p.mu.Unlock()
		if !need {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), p.cfg.DialTimeout)
		conn, err := p.cfg.Dialer.Dial(ctx, b.addr)
		cancel()
		if err != nil {
			p.record(b, err)
			return
		}
		p.put(b, conn)
	}
}

// healthLoop runs a round of health checks on every tick until Close.
func (p *Pool) healthLoop() {
	defer close(p.done)
	t := p.cfg.Clock.NewTicker(p.cfg.CheckInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C():
			p.checkAll()
		}
	}
}

// checkAll probes every backend concurrently and waits for the results.
func (p *Pool) checkAll() {
	p.mu.Lock()
	bs := make([]*backend, 0, len(p.backends))
	for _, b := range p.backends {
		bs = append(bs, b)
	}
	p.mu.Unlock()

	var wg sync.WaitGroup
	for _, b := range bs {
		wg.Add(1)
		go func(b *backend) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), p.cfg.CheckTimeout)
			defer cancel()
			p.record(b, p.cfg.Checker.Check(ctx, b.addr))
		}(b)
	}
	wg.Wait()
}

// record updates b's health with the outcome of a check or a request.
func (p *Pool) record(b *backend, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil {
		b.failures = 0
		if !b.healthy {
			b.healthy = true
			b.wakeWarmerLocked()
		}
		return
	}
	b.failures++
	if b.healthy && b.failures >= p.cfg.FailThreshold {
		b.healthy = false
		b.closeIdleLocked()
	}
}
