// Package spooler queues print jobs per printer, tracks their progress and
// cancels jobs that stay on a printer for too long.
package spooler

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Driver sends a document to a printer, returning early if ctx is canceled.
type Driver interface {
	Print(ctx context.Context, printer string, doc Document) error
}

// Clock abstracts time for stuck-job detection.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Option configures a Spooler.
type Option func(*Spooler)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Spooler) { s.clock = c } }

// WithStuckAfter sets how long a job may stay in the printing state before
// ReapStuck cancels it. The default is five minutes.
func WithStuckAfter(d time.Duration) Option { return func(s *Spooler) { s.stuckAfter = d } }

// WithNotify registers a callback invoked, outside any lock, every time a
// job reaches a terminal state.
func WithNotify(fn func(Status)) Option { return func(s *Spooler) { s.notify = fn } }

// Spooler owns a set of printers, each served by its own worker goroutine.
type Spooler struct {
	driver     Driver
	clock      Clock
	stuckAfter time.Duration
	notify     func(Status)

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	printers map[string]*printerQueue
	jobs     map[JobID]*job
	seq      uint64
	closed   bool
}

// New returns a Spooler that prints through d.
func New(d Driver, opts ...Option) *Spooler {
	s := &Spooler{
		driver:     d,
		clock:      systemClock{},
		stuckAfter: 5 * time.Minute,
		printers:   make(map[string]*printerQueue),
		jobs:       make(map[JobID]*job),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// AddPrinter registers a printer and starts serving its queue.
func (s *Spooler) AddPrinter(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if _, ok := s.printers[name]; ok {
		return fmt.Errorf("add %q: %w", name, ErrPrinterExists)
	}
	q := newPrinterQueue(name)
	s.printers[name] = q
	go s.serve(q)
	return nil
}

// RemovePrinter unregisters a printer. Jobs still waiting for it are
// canceled; a job that is already printing is allowed to finish.
func (s *Spooler) RemovePrinter(name string) error {
	s.mu.Lock()
	q, ok := s.printers[name]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("remove %q: %w", name, ErrUnknownPrinter)
	}
	delete(s.printers, name)
	s.mu.Unlock()

	for _, j := range q.drain() {
		s.finish(j, StateCanceled, ErrPrinterRemoved)
	}
	q.stop()
	return nil
}

// Submit queues doc on the named printer.
func (s *Spooler) Submit(printer string, doc Document) (JobID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	q, ok := s.printers[printer]
	if !ok {
		return "", fmt.Errorf("submit to %q: %w", printer, ErrUnknownPrinter)
	}
	s.seq++
	j := &job{
		id:      JobID(fmt.Sprintf("%s-%d", printer, s.seq)),
		printer: printer,
		doc:     doc,
		state:   StateQueued,
	}
	if err := q.push(j); err != nil {
		return "", fmt.Errorf("submit to %q: %w", printer, err)
	}
	s.jobs[j.id] = j
	return j.id, nil
}

// Status returns a snapshot of a job.
func (s *Spooler) Status(id JobID) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return Status{}, fmt.Errorf("status %s: %w", id, ErrUnknownJob)
	}
	return j.status(), nil
}

// ReapStuck cancels every job that has been printing for longer than the
// configured limit and returns their IDs. It is meant to be called
// periodically by the owner of the Spooler.
func (s *Spooler) ReapStuck() []JobID {
	now := s.clock.Now()
	var reaped []JobID
	s.mu.Lock()
	for id, j := range s.jobs {
		if j.state != StatePrinting || j.reason != nil {
			continue
		}
		if now.Sub(j.started) > s.stuckAfter {
			j.reason = ErrStuck
			j.cancel()
			reaped = append(reaped, id)
		}
	}
	s.mu.Unlock()
	return reaped
}

// Close cancels all waiting and running jobs and waits for the printer
// workers to exit.
func (s *Spooler) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	queues := make([]*printerQueue, 0, len(s.printers))
	for _, q := range s.printers {
		queues = append(queues, q)
	}
	s.mu.Unlock()

	for _, q := range queues {
		for _, j := range q.drain() {
			s.finish(j, StateCanceled, ErrClosed)
		}
		q.stop()
	}
	s.cancel()
	for _, q := range queues {
		<-q.done
	}
}

// serve is the worker loop of one printer.
func (s *Spooler) serve(q *printerQueue) {
	defer close(q.done)
	for {
		j, ok := q.next()
		if !ok {
			return
		}
		s.print(q.name, j)
	}
}

func (s *Spooler) print(printer string, j *job) {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()

	s.mu.Lock()
	if j.state != StateQueued {
		s.mu.Unlock()
		return
	}
	j.state = StatePrinting
	j.started = s.clock.Now()
	j.cancel = cancel
	s.mu.Unlock()

	err := s.driver.Print(ctx, printer, j.doc)

	s.mu.Lock()
	reason := j.reason
	s.mu.Unlock()
	switch {
	case reason != nil:
		s.finish(j, StateCanceled, fmt.Errorf("print %s on %s: %w", j.id, printer, reason))
	case err != nil:
		s.finish(j, StateFailed, fmt.Errorf("print %s on %s: %w", j.id, printer, err))
	default:
		s.finish(j, StateDone, nil)
	}
}

// finish moves j to a terminal state, unless it is already in one, and
// reports the transition to the notify callback.
func (s *Spooler) finish(j *job, state State, err error) {
	s.mu.Lock()
	if j.state.Terminal() {
		s.mu.Unlock()
		return
	}
	j.state = state
	j.err = err
	j.finished = s.clock.Now()
	j.cancel = nil
	st := j.status()
	s.mu.Unlock()

	if s.notify != nil {
		s.notify(st)
	}
}
