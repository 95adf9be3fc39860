// Package geocode is a batching geocoding client. Individual lookups are
// coalesced into batches, each batch is charged against per-provider quotas
// and sent to the most preferred provider with room, falling back to the
// next provider when one fails.
package geocode

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Config configures a Client.
type Config struct {
	// Providers in order of preference. At least one is required.
	Providers []ProviderConfig
	// MaxBatch is the largest number of addresses sent in one request.
	// Default 50.
	MaxBatch int
	// FlushInterval is how long a partial batch waits for more addresses.
	// Default 25ms.
	FlushInterval time.Duration
	// QuotaWindow is the period over which provider quotas are counted.
	// Default one minute.
	QuotaWindow time.Duration
	Clock       Clock
	Observer    Observer
}

// Client resolves addresses through batched provider calls. It is safe for
// concurrent use. Close must be called to release its background work.
type Client struct {
	cfg   Config
	quota *quotaPool
	reqs  chan *request

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

type request struct {
	addr string
	resp chan result
}

type result struct {
	loc Location
	err error
}

// New validates cfg, applies defaults and starts the client.
func New(cfg Config) (*Client, error) {
	if len(cfg.Providers) == 0 {
		return nil, errors.New("geocode: no providers configured")
	}
	seen := make(map[string]bool)
	for i, pc := range cfg.Providers {
		if pc.Provider == nil {
			return nil, fmt.Errorf("geocode: provider %d is nil", i)
		}
		if pc.Quota < 0 {
			return nil, fmt.Errorf("geocode: provider %s: negative quota", pc.Provider.Name())
		}
		if seen[pc.Provider.Name()] {
			return nil, fmt.Errorf("geocode: duplicate provider %s", pc.Provider.Name())
		}
		seen[pc.Provider.Name()] = true
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 50
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = 25 * time.Millisecond
	}
	if cfg.QuotaWindow <= 0 {
		cfg.QuotaWindow = time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		cfg:    cfg,
		quota:  newQuotaPool(cfg.Clock, cfg.QuotaWindow, cfg.Observer, cfg.Providers),
		reqs:   make(chan *request),
		ctx:    ctx,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	go c.run()
	return c, nil
}

// Geocode resolves a single address. The lookup is batched with others
// issued around the same time.
func (c *Client) Geocode(ctx context.Context, addr string) (Location, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return Location{}, errors.New("geocode: empty address")
	}
	req := &request{addr: addr, resp: make(chan result, 1)}
	select {
	case c.reqs <- req:
	case <-ctx.Done():
		return Location{}, ctx.Err()
	case <-c.ctx.Done():
		return Location{}, ErrClosed
	}
	select {
	case r := <-req.resp:
		return r.loc, r.err
	case <-ctx.Done():
		return Location{}, ctx.Err()
	case <-c.ctx.Done():
		return Location{}, ErrClosed
	}
}

// Close stops accepting lookups and cancels batches in flight.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.cancel()
		c.quota.close()
		<-c.done
	})
	return nil
}

// run collects requests into batches and hands each batch to its own
// dispatch goroutine so a throttled batch does not hold up batching.
func (c *Client) run() {
	defer close(c.done)
	var (
		batch []*request
		flush <-chan time.Time
	)
	for {
		select {
		case req := <-c.reqs:
			batch = append(batch, req)
			if len(batch) == 1 {
				flush = c.cfg.Clock.After(c.cfg.FlushInterval)
			}
			if len(batch) < c.cfg.MaxBatch {
				continue
			}
		case <-flush:
		case <-c.ctx.Done():
			for _, req := range batch {
				req.resp <- result{err: ErrClosed}
			}
			return
		}
		go c.dispatch(batch)
		batch, flush = nil, nil
	}
}

// dispatch resolves one batch and delivers a result to every request in it.
func (c *Client) dispatch(batch []*request) {
	addrs := make([]string, len(batch))
	for i, req := range batch {
		addrs[i] = req.addr
	}
	locs, err := c.resolve(c.ctx, addrs)
	for i, req := range batch {
		if err != nil {
			req.resp <- result{err: err}
			continue
		}
		req.resp <- result{loc: locs[i]}
	}
}

// resolve sends addrs to providers in preference order until one succeeds.
func (c *Client) resolve(ctx context.Context, addrs []string) ([]Location, error) {
	tried := make(map[string]bool)
	var lastErr error
	for {
		q, err := c.quota.reserve(ctx, len(addrs), tried)
		if err != nil {
			if errors.Is(err, ErrNoProvider) && lastErr != nil {
				return nil, fmt.Errorf("geocode: all providers failed: %w", lastErr)
			}
			return nil, fmt.Errorf("geocode: reserve quota: %w", err)
		}
		tried[q.name] = true
		locs, err := q.provider.GeocodeBatch(ctx, addrs)
		if err == nil && len(locs) != len(addrs) {
			err = fmt.Errorf("%w: %d results for %d addresses", ErrBadResponse, len(locs), len(addrs))
		}
		if err != nil {
			c.cfg.Observer.ProviderFailed(q.name, err)
			lastErr = fmt.Errorf("%s: %w", q.name, err)
			continue
		}
		for i := range locs {
			locs[i].Provider = q.name
		}
		c.cfg.Observer.BatchResolved(q.name, len(addrs))
		return locs, nil
	}
}
