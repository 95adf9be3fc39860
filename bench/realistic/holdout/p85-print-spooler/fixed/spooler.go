// Package spooler implements an in-process print spooler with one queue per
// printer, job cancellation and status notifications.
package spooler

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Errors returned by the spooler. They are wrapped with context, so use
// errors.Is to test for them.
var (
	ErrClosed         = errors.New("spooler closed")
	ErrUnknownPrinter = errors.New("unknown printer")
	ErrUnknownJob     = errors.New("unknown job")
	ErrQueueFull      = errors.New("printer queue full")
	ErrJobFinished    = errors.New("job already finished")
	ErrCanceled       = errors.New("job canceled")
)

const defaultQueueDepth = 64

// Option configures a Spooler.
type Option func(*Spooler)

// WithStatusFunc registers a callback that is invoked on every job state change.
func WithStatusFunc(f StatusFunc) Option {
	return func(s *Spooler) { s.onStatus = f }
}

// WithClock overrides the clock used to timestamp jobs and status updates.
func WithClock(c Clock) Option {
	return func(s *Spooler) { s.clock = c }
}

// WithQueueDepth sets how many jobs may wait in each printer queue.
func WithQueueDepth(n int) Option {
	return func(s *Spooler) {
		if n > 0 {
			s.depth = n
		}
	}
}

// Spooler accepts jobs and dispatches them to printer drivers.
type Spooler struct {
	onStatus StatusFunc
	clock    Clock
	depth    int

	mu       sync.Mutex
	printers map[string]*printerQueue
	jobs     map[string]*jobEntry
	seq      uint64
	closed   bool
}

// New returns a Spooler with no printers registered.
func New(opts ...Option) *Spooler {
	s := &Spooler{
		clock:    systemClock{},
		depth:    defaultQueueDepth,
		printers: make(map[string]*printerQueue),
		jobs:     make(map[string]*jobEntry),
	}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// RegisterPrinter makes a driver available under name and starts its queue.
// Registering a name that is already in use replaces the driver; jobs
// submitted afterwards are sent to the new driver.
func (s *Spooler) RegisterPrinter(name string, d Driver) error {
	if name == "" || d == nil {
		return fmt.Errorf("register printer %q: name and driver are required", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("register printer %q: %w", name, ErrClosed)
	}
	if old, ok := s.printers[name]; ok {
		old.close()
	}
	q := newPrinterQueue(s, name, d, s.depth)
	s.printers[name] = q
	go q.run()
	return nil
}

// RemovePrinter stops accepting jobs for name. Jobs that are already queued
// are still printed.
func (s *Spooler) RemovePrinter(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.printers[name]
	if !ok {
		return fmt.Errorf("remove printer %q: %w", name, ErrUnknownPrinter)
	}
	delete(s.printers, name)
	q.close()
	return nil
}

// Submit queues job on the named printer and returns the assigned job ID.
func (s *Spooler) Submit(printer string, job Job) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", fmt.Errorf("submit to %q: %w", printer, ErrClosed)
	}
	q, ok := s.printers[printer]
	if !ok {
		return "", fmt.Errorf("submit to %q: %w", printer, ErrUnknownPrinter)
	}
	s.seq++
	job.ID = fmt.Sprintf("%s-%d", printer, s.seq)
	job.Printer = printer
	job.Submitted = s.clock.Now()
	if job.Copies <= 0 {
		job.Copies = 1
	}
	e := &jobEntry{job: job, state: JobQueued}
	if err := q.enqueue(e); err != nil {
		return "", fmt.Errorf("submit: %w", err)
	}
	s.jobs[job.ID] = e
	s.notifyLocked(e, nil)
	return job.ID, nil
}

// Cancel cancels a queued or printing job. Queued jobs are skipped when
// their turn comes; printing jobs have their driver context canceled.
func (s *Spooler) Cancel(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.jobs[id]
	if !ok {
		return fmt.Errorf("cancel %s: %w", id, ErrUnknownJob)
	}
	switch {
	case e.state == JobQueued:
		e.state = JobCanceled
		delete(s.jobs, id)
		s.notifyLocked(e, fmt.Errorf("job %s: %w", id, ErrCanceled))
	case e.state == JobPrinting:
		e.cancel()
	default:
		return fmt.Errorf("cancel %s: %w", id, ErrJobFinished)
	}
	return nil
}

// Close stops accepting jobs, lets every queue drain and waits for the
// workers to finish.
func (s *Spooler) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	queues := make([]*printerQueue, 0, len(s.printers))
	for name, q := range s.printers {
		q.close()
		queues = append(queues, q)
		delete(s.printers, name)
	}
	s.mu.Unlock()

	for _, q := range queues {
		<-q.done
	}
	return nil
}

// startJob moves e from queued to printing. It reports false if the job was
// canceled while it waited.
func (s *Spooler) startJob(e *jobEntry, cancel context.CancelFunc) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.state != JobQueued {
		return false
	}
	e.state = JobPrinting
	e.cancel = cancel
	s.notifyLocked(e, nil)
	return true
}

// finishJob records the terminal state of e.
func (s *Spooler) finishJob(e *jobEntry, state JobState, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.state.terminal() {
		return
	}
	e.state = state
	e.cancel = nil
	delete(s.jobs, e.job.ID)
	s.notifyLocked(e, err)
}

func (s *Spooler) notifyLocked(e *jobEntry, err error) {
	if s.onStatus == nil {
		return
	}
	s.onStatus(Status{
		JobID:   e.job.ID,
		Printer: e.job.Printer,
		State:   e.state,
		Err:     err,
		At:      s.clock.Now(),
	})
}
