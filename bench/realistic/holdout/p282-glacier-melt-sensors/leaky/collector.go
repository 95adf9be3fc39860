// Package meltwatch collects readings from glacier monitoring stations
// (ablation stakes with sonic rangers and proglacial stream gauges) and turns
// them into melt and discharge measurements.
package meltwatch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// StationKind tells how a station's raw value is interpreted.
type StationKind int

// Station kinds.
const (
	AblationStake StationKind = iota + 1
	StreamGauge
)

// Station describes one field station.
type Station struct {
	ID        string
	Kind      StationKind
	Elevation float64 // metres a.s.l.
	// Rating curve for stream gauges: Q = A * (stage - H0)^B.
	RatingA, RatingB, RatingH0 float64
}

// Raw is what a station telemetry link returns.
type Raw struct {
	StationID string
	At        time.Time
	Value     float64 // distance to surface (m) or stage (m)
	BatteryV  float64
}

// Measurement is a derived, quality-checked value.
type Measurement struct {
	StationID string
	At        time.Time
	Kind      StationKind
	MeltMMWE  float64 // melt since previous reading, mm water equivalent
	Discharge float64 // m³/s
	Flags     []string
}

// Telemetry fetches the latest raw reading of a station over the radio link.
type Telemetry interface {
	Fetch(ctx context.Context, stationID string) (Raw, error)
}

// Sink stores measurements.
type Sink interface {
	Write(ctx context.Context, m Measurement) error
	Flush() error
}

// Config holds collector settings.
type Config struct {
	Workers      int
	QueueDepth   int
	FetchTimeout time.Duration
	Retries      int
	LowBatteryV  float64
	Logger       *log.Logger
}

// Option modifies the configuration.
type Option func(*Config)

// WithWorkers sets the number of concurrent fetch workers.
func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

// WithQueueDepth sets the size of the job queue.
func WithQueueDepth(n int) Option { return func(c *Config) { c.QueueDepth = n } }

// WithFetchTimeout sets the per-fetch timeout.
func WithFetchTimeout(d time.Duration) Option { return func(c *Config) { c.FetchTimeout = d } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

const maxWorkers = 64

// Errors.
var (
	ErrNotRunning     = errors.New("meltwatch: collector not running")
	ErrAlreadyRunning = errors.New("meltwatch: collector already running")
	ErrUnknownStation = errors.New("meltwatch: unknown station")
)

type state int

const (
	stateIdle state = iota
	stateRunning
	stateStopped
)

// Stats are running counters.
type Stats struct {
	Fetched, Failed, Written int64
}

// Collector fetches station readings with a pool of workers.
type Collector struct {
	tel  Telemetry
	sink Sink
	cfg  Config

	mu       sync.RWMutex
	state    state
	pool     *pool
	ctx      context.Context
	cancel   context.CancelFunc
	stations map[string]Station

	lastMu sync.Mutex
	last   map[string]Raw

	fetched, failed, written atomic.Int64
}

// New returns a collector. Call Start before enqueueing work.
func New(tel Telemetry, sink Sink, stations []Station, opts ...Option) (*Collector, error) {
	cfg := Config{
		Workers:      4,
		QueueDepth:   32,
		FetchTimeout: 30 * time.Second,
		Retries:      2,
		LowBatteryV:  11.8,
		Logger:       log.Default(),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Workers < 1 || cfg.Workers > maxWorkers {
		return nil, fmt.Errorf("meltwatch: workers must be 1..%d, got %d", maxWorkers, cfg.Workers)
	}
	if cfg.QueueDepth < 0 {
		return nil, fmt.Errorf("meltwatch: negative queue depth")
	}
	c := &Collector{
		tel:      tel,
		sink:     sink,
		cfg:      cfg,
		stations: make(map[string]Station, len(stations)),
		last:     make(map[string]Raw),
	}
	for _, s := range stations {
		if s.ID == "" {
			return nil, errors.New("meltwatch: station without ID")
		}
		c.stations[s.ID] = s
	}
	return c, nil
}

// Stats returns the current counters.
func (c *Collector) Stats() Stats {
	return Stats{Fetched: c.fetched.Load(), Failed: c.failed.Load(), Written: c.written.Load()}
}

// Start launches the worker pool.
func (c *Collector) Start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != stateIdle {
		return ErrAlreadyRunning
	}
	c.ctx, c.cancel = context.WithCancel(ctx)
	c.pool = c.startPool(c.ctx, c.cfg.Workers)
	c.state = stateRunning
	c.cfg.Logger.Printf("meltwatch: started with %d workers", c.cfg.Workers)
	return nil
}

// Enqueue schedules a fetch for the station.
func (c *Collector) Enqueue(ctx context.Context, stationID string) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.state != stateRunning {
		return ErrNotRunning
	}
	st, ok := c.stations[stationID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownStation, stationID)
	}
	select {
	case c.pool.jobs <- job{station: st, queued: time.Now()}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-c.ctx.Done():
		return ErrNotRunning
	}
}

// Resize changes the number of workers, for example when the melt season
// starts and stations report more often.
func (c *Collector) Resize(n int) error {
	if n < 1 || n > maxWorkers {
		return fmt.Errorf("meltwatch: workers must be 1..%d, got %d", maxWorkers, n)
	}
	c.mu.Lock()
	if c.state != stateRunning {
		c.cfg.Workers = n
		c.mu.Unlock()
		return nil
	}
	if n == c.cfg.Workers {
		c.mu.Unlock()
		return nil
	}
	prev := c.cfg.Workers
	c.pool = c.startPool(c.ctx, n)
	c.cfg.Workers = n
	c.mu.Unlock()

	c.cfg.Logger.Printf("meltwatch: resized pool from %d to %d workers", prev, n)
	return nil
}

// Stop drains the queue, waits for the workers and flushes the sink.
func (c *Collector) Stop() error {
	c.mu.Lock()
	if c.state != stateRunning {
		c.mu.Unlock()
		return ErrNotRunning
	}
	c.state = stateStopped
	p := c.pool
	c.mu.Unlock()

	p.stop()
	c.cancel()
	if err := c.sink.Flush(); err != nil {
		return fmt.Errorf("meltwatch: flush: %w", err)
	}
	st := c.Stats()
	c.cfg.Logger.Printf("meltwatch: stopped: fetched=%d failed=%d written=%d", st.Fetched, st.Failed, st.Written)
	return nil
}
