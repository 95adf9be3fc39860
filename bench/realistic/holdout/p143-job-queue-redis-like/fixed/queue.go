// Package jobq is a delayed job queue on top of a Redis-like store.
//
// Jobs are enqueued with an optional delay. A worker reserves a visible job,
// which hides it from other workers for a visibility timeout, and keeps the
// reservation alive with heartbeats while the handler runs. Jobs that fail
// are retried with backoff and moved to a dead-letter list once they run out
// of attempts.
package jobq

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

var (
	// ErrNoJob is returned by Store.Reserve when no job is visible.
	ErrNoJob = errors.New("jobq: no job available")
	// ErrLeaseLost is returned by Store.Extend when the job is no longer
	// reserved by the caller, typically because its visibility timed out.
	ErrLeaseLost = errors.New("jobq: lease lost")
	// ErrPermanent can be wrapped by handlers to skip the remaining retries.
	ErrPermanent = errors.New("jobq: permanent failure")
)

// Job is one unit of work.
type Job struct {
	ID          string
	Payload     []byte
	Attempts    int
	MaxAttempts int
	EnqueuedAt  time.Time
}

// Store is the persistence layer, usually a thin wrapper over Redis sorted
// sets and hashes. All times are absolute.
type Store interface {
	// Push schedules job to become visible at runAt.
	Push(ctx context.Context, queue string, job Job, runAt time.Time) error
	// Reserve takes the oldest job visible at now, increments its attempt
	// count and hides it until leaseUntil. It returns ErrNoJob if none is
	// visible.
	Reserve(ctx context.Context, queue string, now, leaseUntil time.Time) (Job, error)
	// Extend moves the lease of a reserved job to leaseUntil.
	Extend(ctx context.Context, queue, id string, leaseUntil time.Time) error
	// Ack deletes a finished job.
	Ack(ctx context.Context, queue, id string) error
	// Retry makes a reserved job visible again at runAt.
	Retry(ctx context.Context, queue string, job Job, runAt time.Time) error
	// DeadLetter moves a reserved job to the dead-letter list.
	DeadLetter(ctx context.Context, queue string, job Job, reason string) error
}

// Clock abstracts time so that tests can drive it.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the part of *time.Ticker the queue uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) NewTicker(d time.Duration) Ticker       { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.t.C }
func (t realTicker) Stop()               { t.t.Stop() }

// Queue is the producer side.
type Queue struct {
	store       Store
	name        string
	clock       Clock
	maxAttempts int
}

// NewQueue returns a producer for the named queue.
func NewQueue(store Store, name string, clock Clock) *Queue {
	if clock == nil {
		clock = realClock{}
	}
	return &Queue{store: store, name: name, clock: clock, maxAttempts: 5}
}

// EnqueueOption customises a single job.
type EnqueueOption func(*Job, *time.Duration)

// WithDelay makes the job visible only after d.
func WithDelay(d time.Duration) EnqueueOption {
	return func(_ *Job, delay *time.Duration) { *delay = d }
}

// WithMaxAttempts overrides how often the job is tried before dead-lettering.
func WithMaxAttempts(n int) EnqueueOption {
	return func(j *Job, _ *time.Duration) { j.MaxAttempts = n }
}

// Enqueue stores a new job and returns its ID.
func (q *Queue) Enqueue(ctx context.Context, payload []byte, opts ...EnqueueOption) (string, error) {
	var raw [12]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("jobq: generate id: %w", err)
	}
	now := q.clock.Now()
	job := Job{ID: hex.EncodeToString(raw[:]), Payload: payload, MaxAttempts: q.maxAttempts, EnqueuedAt: now}
	var delay time.Duration
	for _, o := range opts {
		o(&job, &delay)
	}
	if err := q.store.Push(ctx, q.name, job, now.Add(delay)); err != nil {
		return "", fmt.Errorf("jobq: enqueue on %s: %w", q.name, err)
	}
	return job.ID, nil
}
