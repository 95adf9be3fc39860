package hive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Monitor.
type Config struct {
	Registry     Registry
	Alerts       AlertSink
	WeightWindow int           // weight samples kept for swarm detection
	FeedBuffer   int           // readings buffered per hive
	AlertTimeout time.Duration // per-alert delivery deadline
}

// Option customises a Monitor.
type Option func(*Monitor)

// WithLogger sets the logger used for delivery failures and hive events.
func WithLogger(l *log.Logger) Option {
	return func(m *Monitor) { m.log = l }
}

// Monitor fans gateway readings out to one tracker per hive.
type Monitor struct {
	cfg Config
	log *log.Logger

	mu     sync.Mutex
	feeds  map[string]*feed
	closed bool
}

// NewMonitor validates cfg and returns a ready Monitor.
func NewMonitor(cfg Config, opts ...Option) (*Monitor, error) {
	if cfg.Registry == nil {
		return nil, errors.New("hive: config needs a registry")
	}
	if cfg.Alerts == nil {
		return nil, errors.New("hive: config needs an alert sink")
	}
	if cfg.WeightWindow <= 0 {
		cfg.WeightWindow = 12
	}
	if cfg.FeedBuffer <= 0 {
		cfg.FeedBuffer = 16
	}
	if cfg.AlertTimeout <= 0 {
		cfg.AlertTimeout = 5 * time.Second
	}
	m := &Monitor{
		cfg:   cfg,
		log:   log.New(io.Discard, "", 0),
		feeds: make(map[string]*feed),
	}
	for _, o := range opts {
		o(m)
	}
	return m, nil
}

// Ingest accepts one reading from a gateway.
func (m *Monitor) Ingest(ctx context.Context, r Reading) error {
	if err := r.validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	f, err := m.feedLocked(ctx, r.HiveID)
	if err != nil {
		return err
	}
	select {
	case f.readings <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// feedLocked returns the feed for hiveID, creating it on first use.
// m.mu must be held.
func (m *Monitor) feedLocked(ctx context.Context, hiveID string) (*feed, error) {
	if f, ok := m.feeds[hiveID]; ok {
		return f, nil
	}
	info, err := m.cfg.Registry.Lookup(ctx, hiveID)
	if err != nil {
		return nil, fmt.Errorf("hive: lookup %s: %w", hiveID, err)
	}

	f := newFeed(hiveID, m.cfg.WeightWindow, m.cfg.FeedBuffer)
	f.configure(info)
	go m.track(f)
	m.feeds[hiveID] = f
	m.log.Printf("hive %s (%s): tracking started", hiveID, info.Apiary)
	return f, nil
}

func (m *Monitor) track(f *feed) {
	defer close(f.done)
	for r := range f.readings {
		for _, a := range f.observe(r) {
			m.raise(a)
		}
	}
}

func (m *Monitor) raise(a Alert) {
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.AlertTimeout)
	defer cancel()
	if err := m.cfg.Alerts.Raise(ctx, a); err != nil {
		m.log.Printf("hive %s: alert %s not delivered: %v", a.HiveID, a.Kind, err)
	}
}

// Summaries returns the current state of every tracked hive, ordered by id.
func (m *Monitor) Summaries() []Summary {
	m.mu.Lock()
	feeds := make([]*feed, 0, len(m.feeds))
	for _, f := range m.feeds {
		feeds = append(feeds, f)
	}
	m.mu.Unlock()

	out := make([]Summary, 0, len(feeds))
	for _, f := range feeds {
		out = append(out, f.summary())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].HiveID < out[j].HiveID })
	return out
}

// Close stops accepting readings and waits until every tracker has
// processed what was already ingested, or ctx ends.
func (m *Monitor) Close(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	feeds := make([]*feed, 0, len(m.feeds))
	for _, f := range m.feeds {
		close(f.readings)
		feeds = append(feeds, f)
	}
	m.mu.Unlock()

	for _, f := range feeds {
		select {
		case <-f.done:
		case <-ctx.Done():
			return fmt.Errorf("hive: waiting for %s: %w", f.hiveID, ctx.Err())
		}
	}
	m.log.Printf("monitor closed, %d hives", len(feeds))
	return nil
}
