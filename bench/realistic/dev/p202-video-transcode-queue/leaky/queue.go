package transcode

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Queue.
type Config struct {
	Runner Runner
	Store  Store

	// EncoderPath is the encoder binary. Defaults to "ffmpeg".
	EncoderPath string
	// Workers is the number of jobs processed concurrently. Defaults to 2.
	Workers int
	// Capacity is the number of jobs that may wait for a worker. Defaults to 32.
	Capacity int
	// JobTimeout bounds a whole job. Zero means no limit.
	JobTimeout time.Duration

	// OnProgress, if set, receives the overall progress of a job in [0, 1].
	OnProgress func(jobID string, fraction float64)
	// Logf, if set, receives diagnostic messages.
	Logf func(format string, args ...interface{})
}

// Queue accepts transcoding jobs and runs them on a fixed pool of workers.
type Queue struct {
	cfg  Config
	jobs chan *Job
	wg   sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	running map[string]context.CancelFunc
}

// New creates a queue and starts its workers.
func New(cfg Config) (*Queue, error) {
	if cfg.Runner == nil || cfg.Store == nil {
		return nil, errors.New("transcode: Runner and Store are required")
	}
	if cfg.EncoderPath == "" {
		cfg.EncoderPath = "ffmpeg"
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Capacity <= 0 {
		cfg.Capacity = 32
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	q := &Queue{
		cfg:     cfg,
		jobs:    make(chan *Job, cfg.Capacity),
		running: make(map[string]context.CancelFunc),
	}
	q.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go q.worker()
	}
	return q, nil
}

// Submit enqueues a job. It does not wait for the job to run.
func (q *Queue) Submit(ctx context.Context, job Job) error {
	if err := job.validate(); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if _, dup := q.running[job.ID]; dup {
		return fmt.Errorf("%w %s: already running", ErrInvalid, job.ID)
	}
	if err := q.cfg.Store.SetState(ctx, job.ID, StateQueued, ""); err != nil {
		return fmt.Errorf("transcode: record job %s: %w", job.ID, err)
	}
	select {
	case q.jobs <- &job:
		return nil
	default:
		return ErrQueueFull
	}
}

// Cancel stops a running job. It reports whether the job was running.
func (q *Queue) Cancel(jobID string) bool {
	q.mu.Lock()
	cancel, ok := q.running[jobID]
	q.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// Shutdown stops accepting jobs and waits for queued and running jobs to
// finish, or for ctx to be done.
func (q *Queue) Shutdown(ctx context.Context) error {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		close(q.jobs)
	}
	q.mu.Unlock()

	done := make(chan struct{})
	go func() {
		q.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("transcode: shutdown: %w", ctx.Err())
	}
}

func (q *Queue) worker() {
	defer q.wg.Done()
	for job := range q.jobs {
		q.process(job)
	}
}

func (q *Queue) process(job *Job) {
	var (
		ctx    context.Context
		cancel context.CancelFunc
	)
	if q.cfg.JobTimeout > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), q.cfg.JobTimeout)
	} else {
		ctx, cancel = context.WithCancel(context.Background())
	}
	defer cancel()

	q.mu.Lock()
	q.running[job.ID] = cancel
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		delete(q.running, job.ID)
		q.mu.Unlock()
	}()

	q.setState(job.ID, StateRunning, "")
	err := q.runJob(ctx, job)
	switch {
	case err == nil:
		q.setState(job.ID, StateDone, "")
	case errors.Is(err, context.Canceled):
		q.setState(job.ID, StateCanceled, err.Error())
	default:
		q.setState(job.ID, StateFailed, err.Error())
	}
}

// setState records a transition. A store failure must not stop the worker,
// so it is only logged.
func (q *Queue) setState(jobID string, st State, detail string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.cfg.Store.SetState(ctx, jobID, st, detail); err != nil {
		q.cfg.Logf("transcode: job %s: recording state %s: %v", jobID, st, err)
	}
}
