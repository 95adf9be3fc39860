package press

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	// ErrClosed is returned when submitting to a closed queue.
	ErrClosed = errors.New("press: queue closed")
	// ErrNotSeated is returned by a Press when the platen did not close
	// fully; the job may be retried.
	ErrNotSeated = errors.New("press: platen not seated")
)

// Press is the hardware: it clamps a block at a station for the given
// dwell and returns when the platen has been released.
type Press interface {
	Clamp(ctx context.Context, station int, job Job, dwell time.Duration) error
}

// Config configures a Queue.
type Config struct {
	// Stations is the number of press stations working in parallel.
	Stations int
	// Dwell is the dwell table; DefaultDwell when nil.
	Dwell DwellTable
	// Retries is how often a job is re-clamped after ErrNotSeated.
	Retries int
	// Logger receives queue events; discarded when nil.
	Logger *log.Logger
	// OnResult is called for every finished job, from the station's
	// goroutine.
	OnResult func(Result)
}

// Queue feeds jobs to the press stations.
type Queue struct {
	cfg    Config
	press  Press
	log    *log.Logger
	ctx    context.Context
	cancel context.CancelFunc

	mu         sync.Mutex
	cond       *sync.Cond
	pending    []Job
	busy       int
	held       bool
	holdReason string
	closed     bool
	stats      Stats
}

// New starts a queue with one goroutine per press station.
func New(p Press, cfg Config) (*Queue, error) {
	if p == nil {
		return nil, errors.New("press: no press")
	}
	if cfg.Stations < 1 {
		return nil, fmt.Errorf("press: %d stations", cfg.Stations)
	}
	if cfg.Dwell == nil {
		cfg.Dwell = DefaultDwell
	}
	q := &Queue{cfg: cfg, press: p, log: cfg.Logger}
	if q.log == nil {
		q.log = log.New(io.Discard, "", 0)
	}
	q.cond = sync.NewCond(&q.mu)
	q.ctx, q.cancel = context.WithCancel(context.Background())
	for i := 1; i <= cfg.Stations; i++ {
		go q.station(i)
	}
	return q, nil
}

// Submit adds a job. Rush jobs go ahead of regular jobs but keep their
// order among themselves.
func (q *Queue) Submit(j Job) error {
	if err := j.Validate(); err != nil {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if j.Rush {
		i := 0
		for i < len(q.pending) && q.pending[i].Rush {
			i++
		}
		q.pending = append(q.pending, Job{})
		copy(q.pending[i+1:], q.pending[i:])
		q.pending[i] = j
	} else {
		q.pending = append(q.pending, j)
	}
	q.cond.Signal()
	return nil
}

// Hold stops feeding new jobs to the stations, for example while the
// pressing boards are restocked. Jobs already clamped finish normally.
func (q *Queue) Hold(reason string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.held {
		q.log.Printf("press: hold: %s", reason)
	}
	q.held = true
	q.holdReason = reason
}

// Release resumes feeding after Hold.
func (q *Queue) Release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.held {
		q.log.Printf("press: released after %s", q.holdReason)
	}
	q.held = false
	q.holdReason = ""
	q.cond.Broadcast()
}

// Stats returns a snapshot of the queue counters.
func (q *Queue) Stats() Stats {
	q.mu.Lock()
	defer q.mu.Unlock()
	s := q.stats
	s.Pending = len(q.pending)
	s.Busy = q.busy
	s.Held = q.held
	return s
}

// Close stops the queue. It waits for the blocks currently clamped and
// returns the jobs that were never pressed so they can be carried over to
// the next shift.
func (q *Queue) Close() []Job {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return nil
	}
	q.closed = true
	q.cond.Broadcast()
	for q.busy > 0 {
		q.cond.Wait()
	}
	left := q.pending
	q.pending = nil
	q.cancel()
	q.log.Printf("press: closed, %d pressed, %d failed, %d carried over",
		q.stats.Pressed, q.stats.Failed, len(left))
	return left
}

func (q *Queue) station(n int) {
	for {
		q.mu.Lock()
		for !q.closed && (q.held || len(q.pending) == 0) {
			q.cond.Wait()
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		job := q.pending[0]
		q.pending = q.pending[1:]
		q.busy++
		q.mu.Unlock()

		res := q.pressJob(n, job)

		q.mu.Lock()
		q.busy--
		if res.Err != nil {
			q.stats.Failed++
		} else {
			q.stats.Pressed++
		}
		q.cond.Broadcast()
		q.mu.Unlock()

		if q.cfg.OnResult != nil {
			q.cfg.OnResult(res)
		}
	}
}

func (q *Queue) pressJob(n int, job Job) Result {
	res := Result{Job: job, Station: n, Dwell: q.cfg.Dwell.Dwell(job), Started: time.Now()}
	for {
		res.Attempts++
		err := q.press.Clamp(q.ctx, n, job, res.Dwell)
		if errors.Is(err, ErrNotSeated) && res.Attempts <= q.cfg.Retries {
			q.log.Printf("press: station %d: %s not seated, re-clamping", n, job.ID)
			continue
		}
		if err != nil {
			res.Err = fmt.Errorf("station %d: %s: %w", n, job.ID, err)
			q.log.Printf("press: %v", res.Err)
		}
		res.Finished = time.Now()
		return res
	}
}
