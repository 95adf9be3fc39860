package gateway

import (
	"context"
	"time"
)

type tenant struct {
	bucket *bucket
	queue  chan *pending
}

// pending is a request waiting for admission. The worker answers on granted,
// which has room for one value so that it never waits for the handler.
type pending struct {
	ctx      context.Context
	enqueued time.Time
	granted  chan error
}

// enqueue puts p on the tenant's queue, starting the tenant's worker the
// first time the tenant is seen.
func (g *Gateway) enqueue(id string, p *pending) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}
	t, ok := g.tenants[id]
	if !ok {
		t = &tenant{bucket: newBucket(g.rate, g.burst), queue: make(chan *pending, g.queueSize)}
		g.tenants[id] = t
		g.wg.Add(1)
		go g.admit(t)
	}
	select {
	case t.queue <- p:
		return nil
	default:
		return ErrQueueFull
	}
}

// admit hands out the tenant's tokens to queued requests in arrival order.
func (g *Gateway) admit(t *tenant) {
	defer g.wg.Done()
	for {
		var p *pending
		select {
		case <-g.done:
			g.drain(t)
			return
		case p = <-t.queue:
		}
		if p.ctx.Err() != nil {
			continue // the client is gone; don't spend a token on it
		}
		if err := t.bucket.wait(g.done); err != nil {
			p.granted <- err
			continue
		}
		if time.Since(p.enqueued) > g.maxWait {
			p.granted <- ErrQueueTimeout
			continue
		}
		p.granted <- nil
	}
}

// drain fails every request still queued for t.
func (g *Gateway) drain(t *tenant) {
	for {
		select {
		case p := <-t.queue:
			p.granted <- ErrClosed
		default:
			return
		}
	}
}
