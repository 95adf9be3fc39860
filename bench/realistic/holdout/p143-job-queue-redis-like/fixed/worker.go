package jobq

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Handler processes one job. Returning an error retries the job later;
// wrapping ErrPermanent sends it straight to the dead-letter list.
type Handler func(ctx context.Context, job Job) error

// ErrHandlerPanic wraps the value of a recovered handler panic.
var ErrHandlerPanic = errors.New("jobq: handler panicked")

// Config configures a Worker. Zero durations get sensible defaults.
type Config struct {
	Queue             string
	Concurrency       int
	Visibility        time.Duration
	HeartbeatInterval time.Duration
	PollInterval      time.Duration
	// JobTimeout bounds a single handler call. Zero means no limit.
	JobTimeout time.Duration
	// Backoff returns the delay before the given attempt is retried.
	Backoff func(attempt int) time.Duration
	Clock   Clock
	OnError func(error)
}

func (c *Config) setDefaults() {
	if c.Concurrency <= 0 {
		c.Concurrency = 1
	}
	if c.Visibility <= 0 {
		c.Visibility = 30 * time.Second
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = c.Visibility / 3
	}
	if c.PollInterval <= 0 {
		c.PollInterval = time.Second
	}
	if c.Backoff == nil {
		c.Backoff = func(attempt int) time.Duration { return time.Duration(attempt*attempt) * time.Second }
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.OnError == nil {
		c.OnError = func(error) {}
	}
}

// Worker consumes jobs from one queue.
type Worker struct {
	store   Store
	handler Handler
	cfg     Config
	clock   Clock
}

// NewWorker returns a worker running h for every job on cfg.Queue.
func NewWorker(store Store, h Handler, cfg Config) (*Worker, error) {
	if cfg.Queue == "" {
		return nil, errors.New("jobq: worker needs a queue name")
	}
	cfg.setDefaults()
	if cfg.HeartbeatInterval >= cfg.Visibility {
		return nil, fmt.Errorf("jobq: heartbeat interval %v must be shorter than visibility %v", cfg.HeartbeatInterval, cfg.Visibility)
	}
	return &Worker{store: store, handler: h, cfg: cfg, clock: cfg.Clock}, nil
}

// Run processes jobs until ctx is cancelled. Jobs already running when ctx
// is cancelled are allowed to finish before Run returns.
func (w *Worker) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for i := 0; i < w.cfg.Concurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(ctx)
		}()
	}
	wg.Wait()
	return nil
}

func (w *Worker) loop(ctx context.Context) {
	for ctx.Err() == nil {
		now := w.clock.Now()
		job, err := w.store.Reserve(ctx, w.cfg.Queue, now, now.Add(w.cfg.Visibility))
		if err != nil {
			if !errors.Is(err, ErrNoJob) && ctx.Err() == nil {
				w.report(fmt.Errorf("jobq: reserve from %s: %w", w.cfg.Queue, err))
			}
			select {
			case <-ctx.Done():
			case <-w.clock.After(w.cfg.PollInterval):
			}
			continue
		}
		w.handle(job)
	}
}

// handle runs the handler for one reserved job and settles the job
// according to the outcome.
func (w *Worker) handle(job Job) {
	jobCtx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if w.cfg.JobTimeout > 0 {
		jobCtx, cancel = context.WithTimeout(jobCtx, w.cfg.JobTimeout)
		defer cancel()
	}
	defer func() {
		if r := recover(); r != nil {
			w.settle(job, fmt.Errorf("%w: %v", ErrHandlerPanic, r))
		}
	}()

	hb := w.startHeartbeat(job, func(err error) {
		w.report(err)
		cancel()
	})
	defer hb.stop()
	err := w.handler(jobCtx, job)
	w.settle(job, err)
}

// settle acknowledges, retries or dead-letters job depending on err.
func (w *Worker) settle(job Job, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.Visibility)
	defer cancel()

	var serr error
	switch {
	case err == nil:
		serr = w.store.Ack(ctx, w.cfg.Queue, job.ID)
	case errors.Is(err, ErrPermanent) || job.Attempts >= job.MaxAttempts:
		w.report(fmt.Errorf("jobq: job %s dead-lettered after %d attempts: %w", job.ID, job.Attempts, err))
		serr = w.store.DeadLetter(ctx, w.cfg.Queue, job, err.Error())
	default:
		w.report(fmt.Errorf("jobq: job %s attempt %d failed: %w", job.ID, job.Attempts, err))
		serr = w.store.Retry(ctx, w.cfg.Queue, job, w.clock.Now().Add(w.cfg.Backoff(job.Attempts)))
	}
	if serr != nil {
		w.report(fmt.Errorf("jobq: settle job %s: %w", job.ID, serr))
	}
}

func (w *Worker) report(err error) { w.cfg.OnError(err) }
