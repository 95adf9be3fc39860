// Package cron runs jobs on time-based schedules, with per-job policies for
// activations that overlap a run still in progress and a graceful Stop that
// lets running jobs finish.
package cron

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrStopped is returned by operations on a stopped scheduler.
	ErrStopped = errors.New("cron: scheduler stopped")
	// ErrNotFound is returned when an entry ID is unknown.
	ErrNotFound = errors.New("cron: entry not found")
)

// maxQueued is how many activations a QueueIfRunning entry may hold while
// its job is running.
const maxQueued = 4

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithClock replaces the wall clock, mainly for tests.
func WithClock(c Clock) Option { return func(s *Scheduler) { s.clock = c } }

// WithErrorHandler receives errors returned by jobs.
func WithErrorHandler(fn func(name string, err error)) Option {
	return func(s *Scheduler) { s.onError = fn }
}

// WithSkipHandler is called when the overlap policy drops an activation.
func WithSkipHandler(fn func(name string, at time.Time)) Option {
	return func(s *Scheduler) { s.onSkip = fn }
}

// Scheduler triggers registered jobs when their schedules come due.
type Scheduler struct {
	clock   Clock
	onError func(name string, err error)
	onSkip  func(name string, at time.Time)

	ctx    context.Context // parent of every run; cancelled when Stop gives up
	cancel context.CancelFunc

	mu      sync.Mutex
	entries map[EntryID]*entry
	lastID  EntryID
	started bool
	stopped bool

	wake     chan struct{}
	quit     chan struct{}
	loopDone chan struct{}
}

// New returns a scheduler. Call Start to begin dispatching.
func New(opts ...Option) *Scheduler {
	s := &Scheduler{
		clock:    realClock{},
		onError:  func(string, error) {},
		onSkip:   func(string, time.Time) {},
		entries:  make(map[EntryID]*entry),
		wake:     make(chan struct{}, 1),
		quit:     make(chan struct{}),
		loopDone: make(chan struct{}),
	}
	for _, opt := range opts {
		opt(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Add registers job under name with the given overlap policy. Its first
// activation is computed from the current time.
func (s *Scheduler) Add(name string, sched Schedule, policy OverlapPolicy, job Job) (EntryID, error) {
	if name == "" || sched == nil || job == nil {
		return 0, fmt.Errorf("cron: add %q: name, schedule and job are required", name)
	}
	depth := 1
	if policy == QueueIfRunning {
		depth = maxQueued
	}
	e := &entry{
		name:   name,
		sched:  sched,
		job:    job,
		policy: policy,
		queue:  make(chan time.Time, depth),
		done:   make(chan struct{}),
	}

	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return 0, fmt.Errorf("cron: add %q: %w", name, ErrStopped)
	}
	s.lastID++
	e.id = s.lastID
	e.next = sched.Next(s.clock.Now())
	s.entries[e.id] = e
	s.mu.Unlock()

	go e.work(s.ctx, s)
	s.poke()
	return e.id, nil
}

// Remove unregisters an entry so that it is no longer scheduled. A run in
// progress is cancelled.
func (s *Scheduler) Remove(id EntryID) error {
	s.mu.Lock()
	e, ok := s.entries[id]
	if ok {
		delete(s.entries, id)
	}
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("cron: remove %d: %w", id, ErrNotFound)
	}
	e.cancelCurrent()
	s.poke()
	return nil
}

// Start launches the dispatch loop. It is a no-op if already started.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.stopped {
		return
	}
	s.started = true
	go s.loop()
}

// Stop halts dispatching and waits for running and queued activations to
// complete. If ctx expires first, running jobs are cancelled and ctx's error
// is returned.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil
	}
	s.stopped = true
	started := s.started
	entries := make([]*entry, 0, len(s.entries))
	for _, e := range s.entries {
		entries = append(entries, e)
	}
	s.mu.Unlock()

	close(s.quit)
	if started {
		<-s.loopDone
	}
	for _, e := range entries {
		e.close()
	}
	defer s.cancel()
	for _, e := range entries {
		select {
		case <-e.done:
		case <-ctx.Done():
			return fmt.Errorf("cron: stop while %q still running: %w", e.name, ctx.Err())
		}
	}
	return nil
}

// poke wakes the loop so it recomputes the next activation.
func (s *Scheduler) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Scheduler) loop() {
	defer close(s.loopDone)
	for {
		var timerC <-chan time.Time
		stop := func() bool { return false }
		if next, ok := s.earliest(); ok {
			timerC, stop = s.clock.NewTimer(next.Sub(s.clock.Now()))
		}
		select {
		case now := <-timerC:
			s.fireDue(now)
		case <-s.wake:
			stop()
		case <-s.quit:
			stop()
			return
		}
	}
}

func (s *Scheduler) earliest() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var first time.Time
	for _, e := range s.entries {
		if first.IsZero() || e.next.Before(first) {
			first = e.next
		}
	}
	return first, !first.IsZero()
}

// fireDue dispatches every entry whose activation time has passed and
// advances its schedule.
func (s *Scheduler) fireDue(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.next.After(now) {
			continue
		}
		if !e.dispatch(e.next) {
			s.onSkip(e.name, e.next)
		}
		e.next = e.sched.Next(now)
	}
}

// execute performs one run of e on the worker goroutine.
func (s *Scheduler) execute(parent context.Context, e *entry, at time.Time) {
	ctx, cancel := context.WithCancel(parent)
	e.setRunning(cancel)
	defer func() {
		e.setRunning(nil)
		cancel()
	}()
	if err := e.job.Run(ctx); err != nil {
		s.onError(e.name, fmt.Errorf("cron: %q scheduled at %s: %w", e.name, at.Format(time.RFC3339), err))
	}
}
