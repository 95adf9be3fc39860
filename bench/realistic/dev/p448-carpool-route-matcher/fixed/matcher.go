// Package carpool groups ride requests by zone and, at the end of each
// zone's batching window, pools riders into cars of nearby drivers.
package carpool

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

var (
	ErrClosed     = errors.New("carpool: matcher stopped")
	ErrBadRequest = errors.New("carpool: invalid ride request")
)

// ZoneDirectory returns the pooling policy of a service zone.
type ZoneDirectory interface {
	Lookup(ctx context.Context, zoneID string) (ZoneInfo, error)
}

// DriverDirectory lists drivers currently available in a zone.
type DriverDirectory interface {
	Available(ctx context.Context, zoneID string) ([]Driver, error)
}

// Dispatcher pushes results to the rider and driver apps.
type Dispatcher interface {
	Offer(ctx context.Context, o Offer) error
	Unmatched(ctx context.Context, r Request, reason string) error
}

// Config holds matcher-wide settings.
type Config struct {
	MaxBatch      int
	FlushTimeout  time.Duration
	DefaultWindow time.Duration
}

// Option customises a Matcher.
type Option func(*Matcher)

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(m *Matcher) { m.log = l } }

// WithConfig overrides the default configuration.
func WithConfig(c Config) Option { return func(m *Matcher) { m.cfg = c } }

// Matcher is safe for concurrent use by request handlers.
type Matcher struct {
	cfg     Config
	zones   ZoneDirectory
	drivers DriverDirectory
	out     Dispatcher
	log     *log.Logger

	mu      sync.RWMutex
	workers map[string]*zoneWorker
	closed  bool
}

type zoneWorker struct {
	info ZoneInfo
	in   chan Request
	quit chan struct{}
	done chan struct{}
}

// New creates a Matcher. Zone workers are started on first use.
func New(zones ZoneDirectory, drivers DriverDirectory, out Dispatcher, opts ...Option) *Matcher {
	m := &Matcher{
		cfg: Config{
			MaxBatch:      12,
			FlushTimeout:  5 * time.Second,
			DefaultWindow: 20 * time.Second,
		},
		zones:   zones,
		drivers: drivers,
		out:     out,
		log:     log.Default(),
		workers: make(map[string]*zoneWorker),
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Submit queues a ride request for the next batch of its zone.
func (m *Matcher) Submit(ctx context.Context, r Request) error {
	if r.RiderID == "" || r.Zone == "" || r.Seats <= 0 {
		return fmt.Errorf("%w: %+v", ErrBadRequest, r)
	}
	w, err := m.workerFor(ctx, r.Zone)
	if err != nil {
		return err
	}
	select {
	case w.in <- r:
		return nil
	case <-w.done:
		return ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (m *Matcher) workerFor(ctx context.Context, zoneID string) (*zoneWorker, error) {
	m.mu.RLock()
	w, ok := m.workers[zoneID]
	closed := m.closed
	m.mu.RUnlock()
	if closed {
		return nil, ErrClosed
	}
	if ok {
		return w, nil
	}

	info, err := m.zones.Lookup(ctx, zoneID)
	if err != nil {
		return nil, fmt.Errorf("carpool: zone %s: %w", zoneID, err)
	}
	if info.BatchWindow <= 0 {
		info.BatchWindow = m.cfg.DefaultWindow
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, ErrClosed
	}
	if existing, ok := m.workers[zoneID]; ok {
		return existing, nil
	}
	w = &zoneWorker{
		info: info,
		in:   make(chan Request),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	m.workers[zoneID] = w
	go m.runZone(info, w.in, w.quit, w.done)
	m.log.Printf("carpool: started worker for zone %s (window %s)", zoneID, info.BatchWindow)
	return w, nil
}

// Stop flushes every zone's pending requests and stops the workers.
func (m *Matcher) Stop(ctx context.Context) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	workers := make([]*zoneWorker, 0, len(m.workers))
	for _, w := range m.workers {
		workers = append(workers, w)
	}
	m.mu.Unlock()

	for _, w := range workers {
		close(w.quit)
	}
	for _, w := range workers {
		select {
		case <-w.done:
		case <-ctx.Done():
			return fmt.Errorf("carpool: waiting for zone %s: %w", w.info.ID, ctx.Err())
		}
	}
	return nil
}
