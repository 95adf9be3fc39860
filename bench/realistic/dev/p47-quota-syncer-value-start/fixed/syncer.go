package quota

import (
	"context"
	"fmt"
	"log"
	"time"
)

// Reporter sends usage to the quota service.
type Reporter interface {
	Report(ctx context.Context, node string, samples []Sample) error
}

// Option configures a Syncer.
type Option func(*Syncer)

// WithInterval sets how often usage is reported.
func WithInterval(d time.Duration) Option { return func(s *Syncer) { s.interval = d } }

// WithTimeout bounds a single report call.
func WithTimeout(d time.Duration) Option { return func(s *Syncer) { s.timeout = d } }

// WithLogger sends diagnostics to l.
func WithLogger(l *log.Logger) Option { return func(s *Syncer) { s.logger = l } }

// Syncer reports a node's usage in the background.
type Syncer struct {
	node     string
	usage    *Usage
	reporter Reporter
	interval time.Duration
	timeout  time.Duration
	logger   *log.Logger

	stop    chan struct{}
	stopped chan struct{}
}

// NewSyncer makes a syncer for node; call Start to begin reporting.
func NewSyncer(node string, usage *Usage, r Reporter, opts ...Option) *Syncer {
	s := &Syncer{
		node:     node,
		usage:    usage,
		reporter: r,
		interval: 30 * time.Second,
		timeout:  5 * time.Second,
		logger:   log.Default(),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Start begins periodic reporting.
func (s *Syncer) Start() {
	s.stop = make(chan struct{})
	s.stopped = make(chan struct{})
	go s.loop()
}

func (s *Syncer) loop() {
	defer close(s.stopped)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := s.flush(); err != nil {
				s.logger.Printf("quota: %v", err)
			}
		case <-s.stop:
			return
		}
	}
}

// Stop ends periodic reporting and sends whatever usage is left.
func (s *Syncer) Stop() error {
	if s.stop != nil {
		close(s.stop)
		<-s.stopped
		s.stop = nil
	}
	return s.flush()
}

func (s *Syncer) flush() error {
	samples := s.usage.drain()
	if len(samples) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if err := s.reporter.Report(ctx, s.node, samples); err != nil {
		s.usage.restore(samples)
		return fmt.Errorf("report %d samples for %s: %w", len(samples), s.node, err)
	}
	return nil
}
