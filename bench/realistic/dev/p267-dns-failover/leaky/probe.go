package failover

import (
	"context"
	"time"
)

// prober owns the probe loop of a single endpoint.
type prober struct {
	ep     Endpoint
	ticker Ticker
	stop   chan struct{}
	done   chan struct{}
}

func (c *Controller) newProber(ep Endpoint) *prober {
	return &prober{
		ep:     ep,
		ticker: c.cfg.Clock.NewTicker(c.cfg.Interval),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

// run probes p.ep on every tick and reports health transitions, applying
// the fall and rise thresholds so that a single lost probe does not flip
// the record.
func (c *Controller) run(p *prober) {
	defer close(p.done)
	defer p.ticker.Stop()

	var fails, passes int
	for {
		select { // leak: prober replaced by SetEndpoints without closing its stop channel
		case <-p.stop:
			return
		case <-p.ticker.C():
		}

		err := c.probeOnce(p.ep)
		if err != nil {
			fails, passes = fails+1, 0
		} else {
			fails, passes = 0, passes+1
		}
		switch {
		case fails == c.cfg.FallThreshold:
			c.cfg.Logger.Printf("failover: %s (%s) is down: %v", p.ep.Name, p.ep.Address, err)
			c.observe(p, false)
		case passes == c.cfg.RiseThreshold:
			c.observe(p, true)
		}
	}
}

func (c *Controller) probeOnce(ep Endpoint) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.Timeout)
	defer cancel()
	return c.cfg.Checker.Check(ctx, ep)
}

// observe records a health transition of p and reconciles the record.
func (c *Controller) observe(p *prober, healthy bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.probers[p.ep.Name] != p {
		// Superseded by a newer configuration; its verdict is stale.
		return
	}
	if c.healthy[p.ep.Name] == healthy {
		return
	}
	c.healthy[p.ep.Name] = healthy

	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.Timeout+5*time.Second)
	defer cancel()
	if err := c.reconcileLocked(ctx); err != nil {
		c.cfg.Logger.Printf("failover: reconcile after %s changed: %v", p.ep.Name, err)
	}
}
