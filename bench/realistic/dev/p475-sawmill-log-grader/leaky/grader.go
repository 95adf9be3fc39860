// Package grading grades saw logs as they come off the scanner on the log
// deck and records each decision in the mill's tally.
package grading

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var (
	ErrNotRunning = errors.New("grading: grader not running")
	ErrBadScan    = errors.New("grading: unusable scan")
)

// RuleSource loads the current grading rules, e.g. from the QA office's
// shared drive.
type RuleSource interface {
	Load(ctx context.Context) (RuleSet, error)
}

// TallySink records graded logs.
type TallySink interface {
	Record(ctx context.Context, g Graded) error
}

// Config tunes a Grader.
type Config struct {
	Workers       int
	QueueDepth    int
	RecordTimeout time.Duration
	Logger        *log.Logger
}

// Option changes a Config.
type Option func(*Config)

// WithWorkers sets the number of grading workers.
func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

// WithQueueDepth sets how many scans may wait for a worker.
func WithQueueDepth(n int) Option { return func(c *Config) { c.QueueDepth = n } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Grader grades scans concurrently with one crew of workers per rule set.
type Grader struct {
	cfg    Config
	rules  RuleSource
	sink   TallySink
	failed atomic.Int64

	mu   sync.RWMutex
	crew *crew
}

// crew is a set of workers grading under one rule set.
type crew struct {
	rules RuleSet
	jobs  chan Scan
	wg    sync.WaitGroup
}

// New returns a stopped grader.
func New(rules RuleSource, sink TallySink, opts ...Option) *Grader {
	cfg := Config{
		Workers:       4,
		QueueDepth:    32,
		RecordTimeout: 5 * time.Second,
		Logger:        log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	return &Grader{cfg: cfg, rules: rules, sink: sink}
}

// Start loads the rules and starts grading.
func (g *Grader) Start(ctx context.Context) error {
	rs, err := g.load(ctx)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.crew != nil {
		return errors.New("grading: already started")
	}
	g.crew = g.startCrew(rs)
	g.cfg.Logger.Printf("grading: started %d workers on rules %s", g.cfg.Workers, rs.Version)
	return nil
}

// Reload picks up a new rule book. Scans submitted after Reload returns
// are graded under the new rules.
func (g *Grader) Reload(ctx context.Context) error {
	rs, err := g.load(ctx)
	if err != nil {
		return err
	}
	g.mu.Lock()
	prev := g.crew
	if prev == nil {
		g.mu.Unlock()
		return ErrNotRunning
	}
	if prev.rules.Version == rs.Version {
		g.mu.Unlock()
		return nil
	}
	g.crew = g.startCrew(rs)
	g.mu.Unlock()

	g.cfg.Logger.Printf("grading: rules %s replaced by %s", prev.rules.Version, rs.Version)
	return nil
}

// Submit queues a scan for grading. It blocks while the queue is full.
func (g *Grader) Submit(ctx context.Context, s Scan) error {
	if s.Tag == "" || s.SmallEnd <= 0 || s.Length <= 0 || s.LargeEnd < s.SmallEnd {
		return fmt.Errorf("%w: tag %q", ErrBadScan, s.Tag)
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.crew == nil {
		return ErrNotRunning
	}
	select {
	case g.crew.jobs <- s:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stop grades what is queued and stops the workers.
func (g *Grader) Stop() {
	g.mu.Lock()
	c := g.crew
	g.crew = nil
	g.mu.Unlock()
	if c == nil {
		return
	}
	close(c.jobs)
	c.wg.Wait()
	if n := g.failed.Load(); n > 0 {
		g.cfg.Logger.Printf("grading: %d tally writes failed", n)
	}
}

func (g *Grader) load(ctx context.Context) (RuleSet, error) {
	rs, err := g.rules.Load(ctx)
	if err != nil {
		return RuleSet{}, fmt.Errorf("grading: loading rules: %w", err)
	}
	normalized := make(map[string][]GradeSpec, len(rs.Species))
	for sp, grades := range rs.Species {
		normalized[strings.ToLower(sp)] = grades
	}
	rs.Species = normalized
	if err := rs.validate(); err != nil {
		return RuleSet{}, err
	}
	return rs, nil
}

func (g *Grader) startCrew(rs RuleSet) *crew {
	c := &crew{rules: rs, jobs: make(chan Scan, g.cfg.QueueDepth)}
	for i := 0; i < g.cfg.Workers; i++ {
		c.wg.Add(1)
		go g.work(c)
	}
	return c
}

func (g *Grader) work(c *crew) {
	defer c.wg.Done()
	for s := range c.jobs { // leak: Reload never closes the replaced crew's jobs channel
		graded := c.rules.grade(s)
		ctx, cancel := context.WithTimeout(context.Background(), g.cfg.RecordTimeout)
		err := g.sink.Record(ctx, graded)
		cancel()
		if err != nil {
			g.failed.Add(1)
			g.cfg.Logger.Printf("grading: recording %s (%s): %v", s.Tag, graded.Grade, err)
		}
	}
}
