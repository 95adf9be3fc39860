package cron

import (
	"context"
	"sync"
	"time"
)

// Job is a unit of scheduled work.
type Job interface {
	Run(ctx context.Context) error
}

// JobFunc adapts an ordinary function to the Job interface.
type JobFunc func(ctx context.Context) error

// Run calls f(ctx).
func (f JobFunc) Run(ctx context.Context) error { return f(ctx) }

// OverlapPolicy controls what happens when an entry becomes due while its
// previous run is still in progress.
type OverlapPolicy int

const (
	// SkipIfRunning drops the activation if the job is still running.
	SkipIfRunning OverlapPolicy = iota
	// QueueIfRunning runs the activation after the current run finishes,
	// keeping up to maxQueued pending activations.
	QueueIfRunning
	// ReplaceRunning cancels the current run and starts a new one.
	ReplaceRunning
)

// EntryID identifies a registered job.
type EntryID int

// entry is a registered job together with its dedicated worker. Activations
// are handed to the worker through queue so that runs of the same entry are
// serialised.
type entry struct {
	id     EntryID
	name   string
	sched  Schedule
	job    Job
	policy OverlapPolicy
	next   time.Time // guarded by Scheduler.mu

	queue     chan time.Time
	done      chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	cancelRun context.CancelFunc // non-nil while a run is in progress
}

// work executes queued activations until the queue is closed.
func (e *entry) work(ctx context.Context, s *Scheduler) {
	defer close(e.done)
	for at := range e.queue { // leak: nothing closes the queue of a removed entry
		s.execute(ctx, e, at)
	}
}

// dispatch hands an activation to the worker according to the overlap
// policy. It never blocks and reports whether the activation was accepted.
func (e *entry) dispatch(at time.Time) bool {
	switch e.policy {
	case SkipIfRunning:
		if e.isRunning() {
			return false
		}
	case ReplaceRunning:
		e.cancelCurrent()
	}
	select {
	case e.queue <- at:
		return true
	default:
		return false
	}
}

// close stops the worker once it has drained the queued activations.
func (e *entry) close() {
	e.closeOnce.Do(func() { close(e.queue) })
}

func (e *entry) isRunning() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cancelRun != nil
}

// setRunning records the cancel function of the run in progress; nil marks
// the entry idle.
func (e *entry) setRunning(cancel context.CancelFunc) {
	e.mu.Lock()
	e.cancelRun = cancel
	e.mu.Unlock()
}

// cancelCurrent cancels the context of the run in progress, if any.
func (e *entry) cancelCurrent() {
	e.mu.Lock()
	cancel := e.cancelRun
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}
