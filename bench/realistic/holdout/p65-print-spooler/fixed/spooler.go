// Package spool queues print jobs and hands each one to a printer that is
// currently reporting healthy.
package spool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Submit after Close has been called.
var ErrClosed = errors.New("spool: spooler closed")

// ErrNoPrinter is reported for a job when no printer is healthy.
var ErrNoPrinter = errors.New("spool: no healthy printer")

// Job is one document to print.
type Job struct {
	ID       string
	Document []byte
	Copies   int
}

// Printer is a device the spooler can send jobs to.
type Printer interface {
	Name() string
	Print(ctx context.Context, job Job) error
	Status(ctx context.Context) error
}

// Option configures a Spooler.
type Option func(*Spooler)

// WithHealthInterval sets how often printers are polled for their status.
func WithHealthInterval(d time.Duration) Option {
	return func(s *Spooler) { s.healthEvery = d }
}

// WithQueueSize sets how many jobs may wait before Submit blocks.
func WithQueueSize(n int) Option {
	return func(s *Spooler) { s.queueSize = n }
}

type ticket struct {
	job  Job
	done chan error
}

// Spooler serialises jobs onto a pool of printers.
type Spooler struct {
	printers    []Printer
	healthEvery time.Duration
	queueSize   int

	mu      sync.Mutex
	healthy map[string]bool
	closed  bool

	queue  chan ticket
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

// New starts a spooler for the given printers. Call Close to stop it.
func New(printers []Printer, opts ...Option) *Spooler {
	s := &Spooler{
		printers:    printers,
		healthEvery: 10 * time.Second,
		queueSize:   16,
		healthy:     make(map[string]bool, len(printers)),
	}
	for _, o := range opts {
		o(s)
	}
	for _, p := range printers {
		s.healthy[p.Name()] = true
	}
	s.queue = make(chan ticket, s.queueSize)

	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.wg.Add(1)
	go s.dispatch(ctx)
	s.startHealthChecks(ctx)
	return s
}

// Submit queues a job and returns a channel that receives the print result.
func (s *Spooler) Submit(job Job) (<-chan error, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	t := ticket{job: job, done: make(chan error, 1)}
	s.queue <- t
	return t.done, nil
}

// Close stops accepting jobs and waits for the queued ones to print. If ctx
// expires first, the job being printed is aborted.
func (s *Spooler) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.queue)
	s.mu.Unlock()

	drained := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(drained)
	}()
	select {
	case <-drained:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		<-drained
		return fmt.Errorf("spool: drain interrupted: %w", ctx.Err())
	}
}

func (s *Spooler) dispatch(ctx context.Context) {
	defer s.wg.Done()
	for t := range s.queue {
		p := s.pick()
		if p == nil {
			t.done <- fmt.Errorf("job %s: %w", t.job.ID, ErrNoPrinter)
			continue
		}
		if err := p.Print(ctx, t.job); err != nil {
			s.setHealthy(p.Name(), false)
			t.done <- fmt.Errorf("job %s on %s: %w", t.job.ID, p.Name(), err)
			continue
		}
		t.done <- nil
	}
}

func (s *Spooler) pick() Printer {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.printers {
		if s.healthy[p.Name()] {
			return p
		}
	}
	return nil
}

func (s *Spooler) setHealthy(name string, ok bool) {
	s.mu.Lock()
	s.healthy[name] = ok
	s.mu.Unlock()
}
