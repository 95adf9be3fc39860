package bindery

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Errors returned by Queue.
var (
	ErrClosed     = errors.New("bindery: queue is shutting down")
	ErrQueueFull  = errors.New("bindery: queue is full")
	ErrDuplicate  = errors.New("bindery: job already queued")
	errNoBinder   = errors.New("bindery: a binder is required")
	errBadWorkers = errors.New("bindery: workers must be positive")
)

// Config configures a Queue. Zero values get sensible defaults.
type Config struct {
	Workers      int
	Depth        int
	MaxAttempts  int
	RetryBackoff time.Duration
	PollInterval time.Duration
	Logger       *log.Logger
	OnDone       func(Result)
}

func (c *Config) applyDefaults() {
	if c.Depth == 0 {
		c.Depth = 64
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 3
	}
	if c.RetryBackoff == 0 {
		c.RetryBackoff = 2 * time.Second
	}
	if c.PollInterval == 0 {
		c.PollInterval = 25 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = log.New(io.Discard, "", 0)
	}
}

// Stats summarises the work done by a queue.
type Stats struct {
	Completed int
	Failed    int
	Retries   int
}

// Queue dispatches binding jobs to a fixed pool of workers.
type Queue struct {
	cfg    Config
	binder Binder
	jobs   chan Job
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	pending atomic.Int64

	mu       sync.Mutex
	closing  bool
	inflight map[string]bool
	stats    Stats
}

// New starts a queue with cfg.Workers workers feeding binder.
func New(binder Binder, cfg Config) (*Queue, error) {
	if binder == nil {
		return nil, errNoBinder
	}
	if cfg.Workers <= 0 {
		return nil, errBadWorkers
	}
	cfg.applyDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{
		cfg:      cfg,
		binder:   binder,
		jobs:     make(chan Job, cfg.Depth),
		ctx:      ctx,
		cancel:   cancel,
		inflight: make(map[string]bool),
	}
	q.wg.Add(cfg.Workers)
	for i := 0; i < cfg.Workers; i++ {
		go q.worker(i + 1)
	}
	return q, nil
}

// Submit queues a job. It never blocks: a full queue returns ErrQueueFull.
func (q *Queue) Submit(job Job) error {
	if err := job.Validate(); err != nil {
		return err
	}
	if job.Submitted.IsZero() {
		job.Submitted = time.Now()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closing {
		return ErrClosed
	}
	if q.inflight[job.ID] {
		return fmt.Errorf("%w: %s", ErrDuplicate, job.ID)
	}
	q.pending.Add(1)
	select {
	case q.jobs <- job:
		q.inflight[job.ID] = true
		return nil
	default:
		q.pending.Add(-1)
		return ErrQueueFull
	}
}

// Pending returns the number of jobs queued or being bound.
func (q *Queue) Pending() int { return int(q.pending.Load()) }

// Stats returns a snapshot of the queue counters.
func (q *Queue) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.stats
}

// Shutdown stops accepting jobs and waits for the queued ones to be bound.
// If ctx expires first, jobs still on the line are cancelled and the
// context error is returned.
func (q *Queue) Shutdown(ctx context.Context) error {
	q.mu.Lock()
	if q.closing {
		q.mu.Unlock()
		return ErrClosed
	}
	q.closing = true
	close(q.jobs)
	q.mu.Unlock()

	if err := q.drain(ctx); err != nil {
		q.cancel()
		return fmt.Errorf("bindery: shutdown with %d job(s) unfinished: %w", q.Pending(), err)
	}
	q.wg.Wait()
	q.cancel()
	return nil
}

func (q *Queue) drain(ctx context.Context) error {
	t := time.NewTicker(q.cfg.PollInterval)
	defer t.Stop()
	for q.pending.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

func (q *Queue) worker(id int) {
	defer q.wg.Done()
	for job := range q.jobs {
		res := q.bind(job)
		q.mu.Lock()
		delete(q.inflight, job.ID)
		if res.Err != nil {
			q.stats.Failed++
		} else {
			q.stats.Completed++
		}
		q.stats.Retries += res.Attempts - 1
		q.mu.Unlock()
		q.pending.Add(-1)

		if res.Err != nil {
			q.cfg.Logger.Printf("worker %d: job %s (%s) failed after %d attempt(s): %v",
				id, job.ID, job.Title, res.Attempts, res.Err)
		} else {
			q.cfg.Logger.Printf("worker %d: job %s bound %d copies in %s",
				id, job.ID, job.Copies, res.Duration())
		}
		if q.cfg.OnDone != nil {
			q.cfg.OnDone(res)
		}
	}
}

func (q *Queue) bind(job Job) Result {
	res := Result{JobID: job.ID, Started: time.Now()}
	for res.Attempts < q.cfg.MaxAttempts {
		res.Attempts++
		res.Err = q.binder.Bind(q.ctx, job)
		if res.Err == nil || !errors.Is(res.Err, ErrJammed) || res.Attempts == q.cfg.MaxAttempts {
			break
		}
		q.cfg.Logger.Printf("job %s: %v, retrying in %s", job.ID, res.Err, q.cfg.RetryBackoff)
		if err := sleepCtx(q.ctx, q.cfg.RetryBackoff); err != nil {
			res.Err = fmt.Errorf("%v; gave up: %w", res.Err, err)
			break
		}
	}
	res.Finished = time.Now()
	return res
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
