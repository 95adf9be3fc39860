// Package inspections schedules routine colony inspections across the
// yards of an apiary and turns field observations into hive reports.
package inspections

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// HiveStore gives access to the hive register.
type HiveStore interface {
	Hive(ctx context.Context, id string) (Hive, error)
}

// ReportSink receives finished inspection reports, e.g. the record-book
// service or a message queue.
type ReportSink interface {
	Publish(ctx context.Context, r Report) error
}

// Logger is the subset of *log.Logger used by the scheduler.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Config controls the size of the inspection crew.
type Config struct {
	// Inspectors is the number of inspections processed concurrently.
	Inspectors int
	// Backlog is how many requests may wait for a free inspector.
	Backlog int
	// Timeout bounds a single inspection, store and sink calls included.
	Timeout time.Duration
	// VarroaThreshold is mites per 100 bees above which treatment is advised.
	VarroaThreshold float64
}

func (c Config) validate() error {
	if c.Inspectors < 1 {
		return fmt.Errorf("inspections: need at least one inspector, got %d", c.Inspectors)
	}
	if c.Backlog < 0 {
		return fmt.Errorf("inspections: negative backlog %d", c.Backlog)
	}
	if c.Timeout <= 0 {
		return errors.New("inspections: timeout must be positive")
	}
	return nil
}

// Option customises a Scheduler.
type Option func(*Scheduler)

// WithLogger sets the logger.
func WithLogger(l Logger) Option { return func(s *Scheduler) { s.log = l } }

// WithClock replaces time.Now for report timestamps.
func WithClock(now func() time.Time) Option { return func(s *Scheduler) { s.now = now } }

// ErrClosed is returned by Submit after Close.
var ErrClosed = errors.New("inspections: scheduler closed")

// Request asks for one hive to be inspected with the given field notes.
type Request struct {
	HiveID   string
	Observed Observation
}

// Scheduler hands inspection requests to a crew of inspectors.
type Scheduler struct {
	store HiveStore
	sink  ReportSink
	log   Logger
	now   func() time.Time

	mu     sync.RWMutex
	cfg    Config
	crew   *crew
	closed bool
	gen    int
}

// New starts a scheduler with cfg.Inspectors workers.
func New(store HiveStore, sink ReportSink, cfg Config, opts ...Option) (*Scheduler, error) {
	if store == nil || sink == nil {
		return nil, errors.New("inspections: store and sink are required")
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	s := &Scheduler{
		store: store,
		sink:  sink,
		log:   log.Default(),
		now:   time.Now,
		cfg:   cfg,
	}
	for _, opt := range opts {
		opt(s)
	}
	s.crew = s.hire(cfg)
	return s, nil
}

// Submit queues a request, blocking while the backlog is full.
func (s *Scheduler) Submit(ctx context.Context, req Request) error {
	if req.HiveID == "" {
		return errors.New("inspections: empty hive id")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.crew.requests <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Reconfigure resizes the crew, e.g. when the season moves from winter
// checks to the spring build-up. Requests already queued are kept.
func (s *Scheduler) Reconfigure(cfg Config) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	old := s.crew
	s.cfg = cfg
	s.crew = s.hire(cfg)
	s.mu.Unlock()

	old.dismiss()
	s.log.Printf("inspections: crew resized from %d to %d inspectors (generation %d)", old.size, cfg.Inspectors, s.crew.gen)
	return nil
}

// Close stops accepting requests and waits for queued inspections to finish.
func (s *Scheduler) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	c := s.crew
	s.mu.Unlock()

	c.dismiss()
	s.log.Printf("inspections: closed after %d crew generations", c.gen)
	return nil
}
