// Package agent runs a host metrics agent: it scrapes a set of collectors on
// a fixed interval, tags every sample with host labels and ships them to a
// backend in batches.
package agent

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// Errors returned by Agent.
var (
	ErrRunning    = errors.New("agent: already running")
	ErrNotRunning = errors.New("agent: not running")
)

// Shipper delivers a batch of samples to the metrics backend.
type Shipper interface {
	Ship(ctx context.Context, batch []Sample) error
}

// Ticker is the subset of time.Ticker the agent relies on.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock creates tickers and tells the time.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

type realClock struct{}

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

// Config controls scraping and shipping. Zero values select defaults.
type Config struct {
	// ScrapeInterval is how often every collector is scraped. Default 15s.
	ScrapeInterval time.Duration
	// ScrapeTimeout bounds a single Collect call. Default 5s.
	ScrapeTimeout time.Duration
	// BatchSize is the number of samples that triggers a shipment. Default 500.
	BatchSize int
	// FlushInterval ships a partial batch after this long. Default 10s.
	FlushInterval time.Duration
	// ShipTimeout bounds a single Ship call. Default 10s.
	ShipTimeout time.Duration
	// HostLabels are added to every sample, e.g. host, region.
	HostLabels map[string]string
	// Clock defaults to the wall clock.
	Clock Clock
	// Logger defaults to a logger writing to stderr.
	Logger *log.Logger
}

func (c *Config) setDefaults() {
	if c.ScrapeInterval <= 0 {
		c.ScrapeInterval = 15 * time.Second
	}
	if c.ScrapeTimeout <= 0 {
		c.ScrapeTimeout = 5 * time.Second
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 10 * time.Second
	}
	if c.ShipTimeout <= 0 {
		c.ShipTimeout = 10 * time.Second
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.Logger == nil {
		c.Logger = log.New(os.Stderr, "agent: ", log.LstdFlags)
	}
}

// Agent owns the scrape loops and the batching pipeline.
type Agent struct {
	cfg        Config
	shipper    Shipper
	collectors []Collector

	mu          sync.Mutex
	running     bool
	cancel      context.CancelFunc
	samples     chan Sample
	scrapers    sync.WaitGroup
	batcherDone chan struct{}
}

// New returns an Agent for the given collectors. Collector names must be unique.
func New(cfg Config, shipper Shipper, collectors ...Collector) (*Agent, error) {
	cfg.setDefaults()
	seen := make(map[string]bool, len(collectors))
	for _, c := range collectors {
		if seen[c.Name()] {
			return nil, fmt.Errorf("agent: duplicate collector %q", c.Name())
		}
		seen[c.Name()] = true
	}
	return &Agent{cfg: cfg, shipper: shipper, collectors: collectors}, nil
}

// Start initialises collectors and begins scraping. The context bounds
// initialisation and the lifetime of the scrape loops.
func (a *Agent) Start(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.running {
		return ErrRunning
	}

	ctx, cancel := context.WithCancel(ctx)
	a.samples = make(chan Sample, a.cfg.BatchSize)
	a.batcherDone = make(chan struct{})
	b := &batcher{
		shipper: a.shipper,
		clock:   a.cfg.Clock,
		logger:  a.cfg.Logger,
		size:    a.cfg.BatchSize,
		every:   a.cfg.FlushInterval,
		timeout: a.cfg.ShipTimeout,
	}
	go func() {
		defer close(a.batcherDone)
		b.run(a.samples)
	}()

	for _, c := range a.collectors {
		if in, ok := c.(Initializer); ok {
			if err := in.Init(ctx); err != nil {
				cancel()
				a.scrapers.Wait()
				return fmt.Errorf("agent: init collector %q: %w", c.Name(), err)
			}
		}
		a.scrapers.Add(1)
		go a.scrapeLoop(ctx, c)
	}

	a.cancel = cancel
	a.running = true
	return nil
}

// Stop ends the scrape loops, ships whatever has been collected and waits
// for the final shipment or ctx, whichever comes first.
func (a *Agent) Stop(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.running {
		return ErrNotRunning
	}
	a.running = false
	a.cancel()
	a.scrapers.Wait()
	close(a.samples)

	select {
	case <-a.batcherDone:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("agent: waiting for final flush: %w", ctx.Err())
	}
}
