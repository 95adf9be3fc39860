package sampling

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Stats are cumulative counters for the proxy.
type Stats struct {
	Received  uint64
	Forwarded uint64
	Dropped   uint64
	Evicted   uint64
}

// tenant is the per-tenant pipeline: a queue drained by one goroutine that
// samples and forwards.
type tenant struct {
	name     string
	in       chan Batch
	sampler  *sampler
	lastSeen time.Time
	done     chan struct{}
}

// Proxy samples and forwards log batches.
type Proxy struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	tenants map[string]*tenant
	closed  bool
	stats   Stats

	stop        chan struct{}
	janitorDone chan struct{}
}

// New starts a proxy.
func New(cfg Config) (*Proxy, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Proxy{
		cfg:         cfg,
		ctx:         ctx,
		cancel:      cancel,
		tenants:     make(map[string]*tenant),
		stop:        make(chan struct{}),
		janitorDone: make(chan struct{}),
	}
	if cfg.IdleTimeout > 0 {
		go p.janitor(cfg.Clock.NewTicker(cfg.SweepInterval))
	} else {
		close(p.janitorDone)
	}
	return p, nil
}

// Ingest queues a batch for sampling. It never blocks: when the tenant's
// queue is full the batch is rejected with ErrBackpressure so the agent can
// retry later.
func (p *Proxy) Ingest(b Batch) error {
	if b.Tenant == "" {
		return ErrNoTenant
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	p.stats.Received += uint64(len(b.Records))
	t := p.tenantLocked(b.Tenant)
	t.lastSeen = p.cfg.Clock.Now()
	select {
	case t.in <- b:
		return nil
	default:
		p.stats.Dropped += uint64(len(b.Records))
		return fmt.Errorf("tenant %q: %w", b.Tenant, ErrBackpressure)
	}
}

// Stats returns a snapshot of the counters.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Tenants returns the number of tenants with a live pipeline.
func (p *Proxy) Tenants() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.tenants)
}

func (p *Proxy) tenantLocked(name string) *tenant {
	if t, ok := p.tenants[name]; ok {
		return t
	}
	pol, ok := p.cfg.Policies[name]
	if !ok {
		pol = p.cfg.DefaultPolicy
	}
	t := &tenant{
		name:    name,
		in:      make(chan Batch, p.cfg.QueueDepth),
		sampler: newSampler(pol),
		done:    make(chan struct{}),
	}
	p.tenants[name] = t
	go p.forward(t)
	return t
}

// forward drains one tenant's queue until it is closed.
func (p *Proxy) forward(t *tenant) {
	defer close(t.done)
	for b := range t.in {
		kept := t.sampler.filter(b.Records)
		if len(kept) == 0 {
			continue
		}
		err := p.cfg.Upstream.Forward(p.ctx, t.name, kept)
		p.mu.Lock()
		if err != nil {
			p.stats.Dropped += uint64(len(kept))
		} else {
			p.stats.Forwarded += uint64(len(kept))
		}
		p.mu.Unlock()
		if err != nil && p.cfg.OnError != nil {
			p.cfg.OnError(t.name, fmt.Errorf("forward %d records: %w", len(kept), err))
		}
	}
}

func (p *Proxy) janitor(tk Ticker) {
	defer close(p.janitorDone)
	defer tk.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-tk.C():
			p.evictIdle(now)
		}
	}
}

// evictIdle drops the pipelines of tenants that have been silent for longer
// than the idle timeout. A tenant that comes back gets a fresh pipeline.
func (p *Proxy) evictIdle(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for name, t := range p.tenants {
		if now.Sub(t.lastSeen) < p.cfg.IdleTimeout {
			continue
		}
		delete(p.tenants, name)
		close(t.in)
		p.stats.Evicted++
	}
}

// Close stops accepting batches, flushes every tenant queue upstream and
// waits for the pipelines to finish.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()

	close(p.stop)
	<-p.janitorDone

	p.mu.Lock()
	live := make([]*tenant, 0, len(p.tenants))
	for name, t := range p.tenants {
		close(t.in)
		live = append(live, t)
		delete(p.tenants, name)
	}
	p.mu.Unlock()

	for _, t := range live {
		<-t.done
	}
	p.cancel()
	return nil
}
