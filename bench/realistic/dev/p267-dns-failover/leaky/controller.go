// Package failover keeps a DNS A record pointed at the most preferred healthy
// endpoint. Each endpoint is probed on its own schedule; when the published
// endpoint goes down the record is flipped to the next healthy one.
package failover

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Endpoint is one candidate target of the record.
type Endpoint struct {
	// Name identifies the endpoint across configuration changes, e.g. "fra-1".
	Name string
	// Address is the IPv4 address published when the endpoint is active.
	Address string
	// Priority orders endpoints; lower values are preferred.
	Priority int
}

// Checker probes an endpoint, e.g. with an HTTP GET on its health route.
type Checker interface {
	Check(ctx context.Context, ep Endpoint) error
}

// DNSProvider updates records at the authoritative DNS provider.
type DNSProvider interface {
	SetA(ctx context.Context, fqdn, addr string, ttl time.Duration) error
}

// Ticker is the subset of *time.Ticker the controller uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock creates tickers. Tests substitute a manual clock.
type Clock interface {
	NewTicker(d time.Duration) Ticker
}

type realTicker struct{ *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.Ticker.C }

type realClock struct{}

func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

// Config configures a Controller.
type Config struct {
	FQDN string
	TTL  time.Duration
	// Interval between probes of one endpoint. Default 10s.
	Interval time.Duration
	// Timeout of a single probe. Default 2s.
	Timeout time.Duration
	// FallThreshold consecutive failures mark an endpoint down. Default 3.
	FallThreshold int
	// RiseThreshold consecutive successes mark it up again. Default 2.
	RiseThreshold int

	Checker Checker
	DNS     DNSProvider
	Clock   Clock
	Logger  *log.Logger
}

// ErrNoHealthyEndpoint is logged when every endpoint is down; the record is
// then left as it is.
var ErrNoHealthyEndpoint = errors.New("failover: no healthy endpoint")

// Controller runs the probers and flips the record.
type Controller struct {
	cfg Config

	mu        sync.Mutex
	probers   map[string]*prober
	healthy   map[string]bool
	endpoints []Endpoint
	published string
}

// New validates cfg and returns an idle Controller. Call SetEndpoints to
// start probing.
func New(cfg Config) (*Controller, error) {
	if cfg.FQDN == "" || cfg.Checker == nil || cfg.DNS == nil {
		return nil, errors.New("failover: FQDN, Checker and DNS are required")
	}
	if cfg.TTL == 0 {
		cfg.TTL = 30 * time.Second
	}
	if cfg.Interval == 0 {
		cfg.Interval = 10 * time.Second
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.FallThreshold == 0 {
		cfg.FallThreshold = 3
	}
	if cfg.RiseThreshold == 0 {
		cfg.RiseThreshold = 2
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Controller{
		cfg:     cfg,
		probers: make(map[string]*prober),
		healthy: make(map[string]bool),
	}, nil
}

// SetEndpoints replaces the endpoint set. Probers of unchanged endpoints keep
// running with their health history; new and changed endpoints start out
// healthy. The record is reconciled before SetEndpoints returns.
func (c *Controller) SetEndpoints(ctx context.Context, eps []Endpoint) error {
	want := make(map[string]Endpoint, len(eps))
	for _, ep := range eps {
		if ep.Name == "" || ep.Address == "" {
			return fmt.Errorf("failover: endpoint %q: name and address are required", ep.Name)
		}
		if _, dup := want[ep.Name]; dup {
			return fmt.Errorf("failover: duplicate endpoint %q", ep.Name)
		}
		want[ep.Name] = ep
	}

	c.mu.Lock()
	defer c.mu.Unlock()

	for name, p := range c.probers {
		if _, ok := want[name]; !ok {
			close(p.stop)
			delete(c.probers, name)
			delete(c.healthy, name)
		}
	}
	for _, ep := range eps {
		if old, ok := c.probers[ep.Name]; ok && old.ep == ep {
			continue
		}
		p := c.newProber(ep)
		c.probers[ep.Name] = p
		c.healthy[ep.Name] = true
		go c.run(p)
	}
	c.endpoints = append(c.endpoints[:0], eps...)
	return c.reconcileLocked(ctx)
}

// Close stops all probers and waits for them to exit.
func (c *Controller) Close() {
	c.mu.Lock()
	probers := c.probers
	c.probers = make(map[string]*prober)
	c.mu.Unlock()

	for _, p := range probers {
		close(p.stop)
	}
	for _, p := range probers {
		<-p.done
	}
}

// Published returns the address the record currently points at.
func (c *Controller) Published() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.published
}

// reconcileLocked points the record at the best healthy endpoint.
func (c *Controller) reconcileLocked(ctx context.Context) error {
	var candidates []Endpoint
	for _, ep := range c.endpoints {
		if c.healthy[ep.Name] {
			candidates = append(candidates, ep)
		}
	}
	if len(candidates) == 0 {
		return fmt.Errorf("%s: %w, keeping %s", c.cfg.FQDN, ErrNoHealthyEndpoint, c.published)
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		return candidates[i].Priority < candidates[j].Priority
	})
	target := candidates[0]
	if target.Address == c.published {
		return nil
	}
	if err := c.cfg.DNS.SetA(ctx, c.cfg.FQDN, target.Address, c.cfg.TTL); err != nil {
		return fmt.Errorf("point %s at %s (%s): %w", c.cfg.FQDN, target.Name, target.Address, err)
	}
	c.cfg.Logger.Printf("failover: %s now points at %s (%s), was %q",
		c.cfg.FQDN, target.Name, target.Address, c.published)
	c.published = target.Address
	return nil
}
