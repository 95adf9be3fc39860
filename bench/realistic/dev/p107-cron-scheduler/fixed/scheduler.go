package cron

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Job is a named piece of work.
type Job struct {
	Name     string
	Schedule Schedule
	Timeout  time.Duration
	Run      func(ctx context.Context) error

	running atomic.Bool
	next    time.Time
}

// Scheduler runs jobs when they are due.
type Scheduler struct {
	tick    time.Duration
	onError func(job string, err error)

	mu   sync.Mutex
	jobs []*Job

	cancel context.CancelFunc
	loop   sync.WaitGroup
	runs   sync.WaitGroup
}

// Option configures a Scheduler.
type Option func(*Scheduler)

// WithTick sets how often the scheduler looks for due jobs.
func WithTick(d time.Duration) Option { return func(s *Scheduler) { s.tick = d } }

// WithErrorHandler receives the errors of failed runs.
func WithErrorHandler(f func(job string, err error)) Option {
	return func(s *Scheduler) { s.onError = f }
}

// New returns a stopped scheduler.
func New(opts ...Option) *Scheduler {
	s := &Scheduler{tick: time.Second, onError: func(string, error) {}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Add registers a job. A zero Timeout means one minute.
func (s *Scheduler) Add(j *Job) error {
	if j.Run == nil || j.Schedule == nil {
		return fmt.Errorf("job %q: missing schedule or func", j.Name)
	}
	if j.Timeout <= 0 {
		j.Timeout = time.Minute
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j.next = j.Schedule.Next(time.Now())
	s.jobs = append(s.jobs, j)
	return nil
}

// Start begins running due jobs until Stop is called.
func (s *Scheduler) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.loop.Add(1)
	go func() {
		defer s.loop.Done()
		t := time.NewTicker(s.tick)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-t.C:
				s.runDue(ctx, now)
			}
		}
	}()
}

func (s *Scheduler) runDue(ctx context.Context, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.jobs {
		if now.Before(j.next) {
			continue
		}
		j.next = j.Schedule.Next(now)
		if !j.running.CompareAndSwap(false, true) {
			continue // previous run still going: skip rather than overlap
		}
		s.runs.Add(1)
		go func(j *Job) {
			defer s.runs.Done()
			defer j.running.Store(false)
			if err := runWithTimeout(ctx, j.Timeout, j.Run); err != nil {
				s.onError(j.Name, fmt.Errorf("run %s: %w", j.Name, err))
			}
		}(j)
	}
}

// Stop ends the loop and waits for runs in progress.
func (s *Scheduler) Stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.loop.Wait()
	s.runs.Wait()
}
