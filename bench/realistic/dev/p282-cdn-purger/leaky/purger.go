// Package purge invalidates cached content across a CDN. A purge is fanned
// out to every edge POP; each POP applies it asynchronously and reports back
// through Ack, and Purge returns once all POPs have acknowledged, failed, or
// the acknowledgement deadline has passed.
package purge

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

var (
	// ErrAckTimeout is returned when some POPs did not acknowledge in time.
	ErrAckTimeout = errors.New("purge: timed out waiting for acknowledgements")
	// ErrPartial is returned when the purge could not be delivered to some POPs.
	ErrPartial = errors.New("purge: not delivered to every pop")
	// ErrUnknownPurge is returned by Ack for a purge that is not in flight.
	ErrUnknownPurge = errors.New("purge: unknown or finished purge")
)

// POP is an edge point of presence.
type POP struct {
	Name     string // e.g. "ams1"
	Endpoint string // control-plane address
}

// Directory lists the POPs that currently serve traffic.
type Directory interface {
	POPs(ctx context.Context) ([]POP, error)
}

// EdgeClient delivers a purge to a single POP. A nil error means the POP has
// accepted the purge; it acknowledges completion later via Purger.Ack.
type EdgeClient interface {
	Send(ctx context.Context, pop POP, id string, req Request) error
}

// Config tunes delivery and acknowledgement.
type Config struct {
	AckTimeout  time.Duration // how long Purge waits for acks; default 30s
	SendTimeout time.Duration // per-attempt delivery timeout; default 5s
	SendRetries int           // extra delivery attempts per POP
	Parallelism int           // concurrent deliveries; default 16
	MaxTargets  int           // targets per request; default 500
}

func (c *Config) setDefaults() {
	if c.AckTimeout <= 0 {
		c.AckTimeout = 30 * time.Second
	}
	if c.SendTimeout <= 0 {
		c.SendTimeout = 5 * time.Second
	}
	if c.Parallelism <= 0 {
		c.Parallelism = 16
	}
	if c.MaxTargets <= 0 {
		c.MaxTargets = 500
	}
}

// Option customises a Purger.
type Option func(*Purger)

// WithNow replaces the clock used to timestamp acknowledgements.
func WithNow(now func() time.Time) Option { return func(p *Purger) { p.now = now } }

// Purger fans purge requests out to POPs and tracks their acknowledgements.
type Purger struct {
	cfg   Config
	dir   Directory
	edges EdgeClient
	now   func() time.Time

	mu       sync.Mutex
	seq      uint64
	inflight map[string]*tracker
}

// New returns a Purger.
func New(cfg Config, dir Directory, edges EdgeClient, opts ...Option) *Purger {
	cfg.setDefaults()
	p := &Purger{
		cfg:      cfg,
		dir:      dir,
		edges:    edges,
		now:      time.Now,
		inflight: make(map[string]*tracker),
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Purge delivers req to every POP and waits for their acknowledgements. The
// returned Result is valid even when err is non-nil; it tells the caller
// which POPs may still be serving stale content.
func (p *Purger) Purge(ctx context.Context, req Request) (Result, error) {
	req, err := req.normalize(p.cfg.MaxTargets)
	if err != nil {
		return Result{}, err
	}
	pops, err := p.dir.POPs(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("purge: list pops: %w", err)
	}

	names := make([]string, len(pops))
	for i, pop := range pops {
		names[i] = pop.Name
	}
	t := p.register(names)
	defer p.unregister(t.id)

	p.deliver(ctx, t, pops, req)

	actx, cancel := context.WithTimeout(ctx, p.cfg.AckTimeout)
	defer cancel()
	werr := t.wait(actx)
	res := t.result()
	switch {
	case errors.Is(werr, context.DeadlineExceeded) && ctx.Err() == nil:
		return res, fmt.Errorf("purge %s: %d pops pending: %w", res.ID, len(res.Pending), ErrAckTimeout)
	case werr != nil:
		return res, fmt.Errorf("purge %s: %w", res.ID, werr)
	case len(res.Failed) > 0:
		return res, fmt.Errorf("purge %s: %d of %d pops failed: %w", res.ID, len(res.Failed), len(pops), ErrPartial)
	}
	return res, nil
}

// Ack records that pop has applied purge id. It is called by the handler
// that receives acknowledgement callbacks from the edges.
func (p *Purger) Ack(id, pop string) error {
	p.mu.Lock()
	t, ok := p.inflight[id]
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("ack %s from %s: %w", id, pop, ErrUnknownPurge)
	}
	if !t.ack(pop) {
		return fmt.Errorf("ack %s from %s: pop not pending", id, pop)
	}
	return nil
}

func (p *Purger) register(pops []string) *tracker {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	id := "purge-" + strconv.FormatUint(p.seq, 10)
	t := newTracker(id, pops, p.now)
	p.inflight[id] = t
	return t
}

func (p *Purger) unregister(id string) {
	p.mu.Lock()
	delete(p.inflight, id)
	p.mu.Unlock()
}

// deliver sends req to every POP with bounded parallelism and returns once
// each POP has either accepted the purge or been marked failed.
func (p *Purger) deliver(ctx context.Context, t *tracker, pops []POP, req Request) {
	sem := make(chan struct{}, p.cfg.Parallelism)
	var wg sync.WaitGroup
	for _, pop := range pops {
		wg.Add(1)
		sem <- struct{}{}
		go func(pop POP) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := p.sendWithRetry(ctx, pop, t.id, req); err != nil {
				t.fail(pop.Name, err)
			}
		}(pop)
	}
	wg.Wait()
}

func (p *Purger) sendWithRetry(ctx context.Context, pop POP, id string, req Request) error {
	var err error
	backoff := 100 * time.Millisecond
	for attempt := 0; attempt <= p.cfg.SendRetries; attempt++ {
		if attempt > 0 {
			timer := time.NewTimer(backoff)
			select {
			case <-ctx.Done():
				timer.Stop()
				return fmt.Errorf("send to %s: %w", pop.Name, ctx.Err())
			case <-timer.C:
			}
			backoff *= 2
		}
		sctx, cancel := context.WithTimeout(ctx, p.cfg.SendTimeout)
		err = p.edges.Send(sctx, pop, id, req)
		cancel()
		if err == nil {
			return nil
		}
	}
	return fmt.Errorf("send to %s after %d attempts: %w", pop.Name, p.cfg.SendRetries+1, err)
}
