// Package spool queues print jobs by priority and feeds them one at a time to a printer.
package spool

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Priority orders jobs in the queue; higher runs first.
type Priority int

// Job priorities.
const (
	Low Priority = iota
	Normal
	Urgent
)

// State is where a job is in its life.
type State int

// Job states.
const (
	Queued State = iota
	Printing
	Done
	Failed
	Cancelled
)

// Job is a document to print.
type Job struct {
	ID       string
	Title    string
	Priority Priority
	Pages    []string

	seq    int
	index  int
	state  State
	err    error
	cancel context.CancelFunc
}

// Printer sends a rendered job to a device, reading it from r.
type Printer interface {
	Print(ctx context.Context, jobID string, r io.Reader) error
}

// ErrUnknownJob is returned for job IDs the spooler has never seen.
var ErrUnknownJob = errors.New("spool: unknown job")

// Spooler runs a single print queue.
type Spooler struct {
	printer Printer
	mu      sync.Mutex
	queue   jobQueue
	jobs    map[string]*Job
	seq     int
	wake    chan struct{}
	quit    chan struct{}
	done    chan struct{}
}

// New starts a spooler that prints to p.
func New(p Printer) *Spooler {
	s := &Spooler{
		printer: p,
		jobs:    make(map[string]*Job),
		wake:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go s.run()
	return s
}

// Submit queues j.
func (s *Spooler) Submit(j *Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.ID]; dup {
		return fmt.Errorf("spool: job %q already submitted", j.ID)
	}
	s.seq++
	j.seq, j.state = s.seq, Queued
	s.jobs[j.ID] = j
	heap.Push(&s.queue, j)
	select {
	case s.wake <- struct{}{}:
	default:
	}
	return nil
}

// Cancel removes a queued job, or aborts it if it is printing.
func (s *Spooler) Cancel(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return fmt.Errorf("cancel %q: %w", id, ErrUnknownJob)
	}
	switch {
	case j.state == Queued && s.queue.remove(j):
		j.state = Cancelled
	case j.state == Printing:
		j.cancel()
	}
	return nil
}

// Status reports a job's state and, for failed jobs, why it failed.
func (s *Spooler) Status(id string) (State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return 0, fmt.Errorf("status %q: %w", id, ErrUnknownJob)
	}
	return j.state, j.err
}

// Close stops the spooler after the job being printed, if any.
func (s *Spooler) Close() {
	close(s.quit)
	<-s.done
}

func (s *Spooler) run() {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case <-s.wake:
		}
		for j, ctx := s.next(); j != nil; j, ctx = s.next() {
			s.print(ctx, j)
		}
	}
}

// next pops the most urgent job and marks it printing; the context is the job's.
func (s *Spooler) next() (*Job, context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queue.Len() == 0 {
		return nil, nil
	}
	j := heap.Pop(&s.queue).(*Job)
	ctx, cancel := context.WithCancel(context.Background())
	j.state, j.cancel = Printing, cancel
	return j, ctx
}

func (s *Spooler) print(ctx context.Context, j *Job) {
	defer j.cancel()
	pr, pw := io.Pipe()
	defer pr.Close()
	go render(pw, j)
	err := s.printer.Print(ctx, j.ID, pr)

	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case err == nil:
		j.state = Done
	case ctx.Err() != nil:
		j.state = Cancelled
	default:
		j.state = Failed
		j.err = fmt.Errorf("spool: printing %q: %w", j.ID, err)
	}
}
