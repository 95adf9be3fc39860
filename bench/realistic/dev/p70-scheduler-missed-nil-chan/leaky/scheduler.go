package schedule

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Job is a named periodic task.
type Job struct {
	Name     string
	Interval time.Duration
	Run      func(ctx context.Context) error
}

// Missed reports a run that was skipped because the previous one was still going.
type Missed struct {
	Job   string
	At    time.Time
	Since time.Time
}

// Scheduler runs jobs periodically and never overlaps runs of the same job.
type Scheduler struct {
	jobs    map[string]*entry
	trigger chan string
	done    chan string
	missed  chan<- Missed
	onError func(job string, err error)
	tick    time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	runs   sync.WaitGroup
}

type entry struct {
	job     Job
	next    time.Time
	running bool
	started time.Time
}

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithMissedRuns delivers a Missed event for every skipped run.
func WithMissedRuns(ch chan<- Missed) Option { return func(s *Scheduler) { s.missed = ch } }

// WithErrorHandler is called when a run fails.
func WithErrorHandler(f func(job string, err error)) Option {
	return func(s *Scheduler) { s.onError = f }
}

// WithResolution sets how often due jobs are checked.
func WithResolution(d time.Duration) Option { return func(s *Scheduler) { s.tick = d } }

// ErrUnknownJob is returned by Trigger for unregistered jobs.
var ErrUnknownJob = errors.New("schedule: unknown job")

// New starts a scheduler for jobs.
func New(jobs []Job, opts ...Option) *Scheduler {
	s := &Scheduler{
		jobs:    map[string]*entry{},
		trigger: make(chan string),
		done:    make(chan string),
		onError: func(string, error) {},
		tick:    time.Second,
	}
	for _, o := range opts {
		o(s)
	}
	now := time.Now()
	for _, j := range jobs {
		s.jobs[j.Name] = &entry{job: j, next: now.Add(j.Interval)}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.loop()
	return s
}

// Trigger runs job now, unless it is already running.
func (s *Scheduler) Trigger(name string) error {
	if _, ok := s.jobs[name]; !ok {
		return ErrUnknownJob
	}
	select {
	case s.trigger <- name:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// Stop cancels running jobs and waits for them to return.
func (s *Scheduler) Stop() {
	s.cancel()
	s.runs.Wait()
}
