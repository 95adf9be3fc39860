package alerts

import (
	"sync"
)

// Notifier sends a page to a human.
type Notifier interface {
	Page(a Alert) error
}

// Pager forwards critical alerts of one service to a Notifier.
type Pager struct {
	hub  *Hub
	sub  *Subscription
	dest Notifier

	mu     sync.Mutex
	sent   int
	failed int
	done   chan struct{}
}

// StartPager subscribes to service and starts forwarding in the background.
func StartPager(h *Hub, service string, dest Notifier) *Pager {
	p := &Pager{hub: h, sub: h.Subscribe(service), dest: dest, done: make(chan struct{})}
	go p.forward()
	return p
}

func (p *Pager) forward() {
	defer close(p.done)
	for a := range p.sub.ch {
		if a.Severity != "critical" {
			continue
		}
		err := p.dest.Page(a)
		p.mu.Lock()
		if err != nil {
			p.failed++
		} else {
			p.sent++
		}
		p.mu.Unlock()
	}
}

// Stats returns the number of pages sent and failed.
func (p *Pager) Stats() (sent, failed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sent, p.failed
}

// Stop unsubscribes the pager. Alerts already queued are dropped.
func (p *Pager) Stop() {
	p.hub.Unsubscribe(p.sub)
}
