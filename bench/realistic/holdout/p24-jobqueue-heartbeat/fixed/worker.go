package jobqueue

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Handler processes one job.
type Handler func(ctx context.Context, job Job) error

// PermanentError marks a failure that retrying will not fix; such jobs are
// dropped instead of being redelivered.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Option configures a Worker.
type Option func(*Worker)

// WithVisibility sets the lease length requested on receive and on each heartbeat.
func WithVisibility(d time.Duration) Option { return func(w *Worker) { w.visibility = d } }

// WithHeartbeat sets how often a lease is extended.
func WithHeartbeat(d time.Duration) Option { return func(w *Worker) { w.heartbeat = d } }

// WithRetryDelay sets how long a failed job stays invisible before redelivery.
func WithRetryDelay(d time.Duration) Option { return func(w *Worker) { w.retryDelay = d } }

// WithLogf sets the logger.
func WithLogf(f func(string, ...any)) Option { return func(w *Worker) { w.logf = f } }

// Worker pulls jobs from a Queue and runs a Handler on them.
type Worker struct {
	q          *Queue
	handle     Handler
	visibility time.Duration
	heartbeat  time.Duration
	retryDelay time.Duration
	logf       func(string, ...any)
}

// NewWorker returns a Worker for q.
func NewWorker(q *Queue, h Handler, opts ...Option) *Worker {
	w := &Worker{
		q:          q,
		handle:     h,
		visibility: 30 * time.Second,
		heartbeat:  10 * time.Second,
		retryDelay: time.Second,
		logf:       func(string, ...any) {},
	}
	for _, o := range opts {
		o(w)
	}
	return w
}

// RunOnce processes at most one job. It reports whether a job was received.
func (w *Worker) RunOnce(ctx context.Context) (bool, error) {
	job, err := w.q.Receive(w.visibility)
	if errors.Is(err, ErrEmpty) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("receive: %w", err)
	}
	return true, w.process(ctx, job)
}

func (w *Worker) process(ctx context.Context, job Job) error {
	l := w.hold(job)
	err := w.handle(ctx, job)
	if err == nil {
		l.release()
		if err := w.q.Ack(job.Receipt); err != nil {
			return fmt.Errorf("ack %s: %w", job.ID, err)
		}
		return nil
	}

	var perm *PermanentError
	if errors.As(err, &perm) {
		l.release()
		if aerr := w.q.Ack(job.Receipt); aerr != nil {
			return fmt.Errorf("drop %s: %w", job.ID, aerr)
		}
		return fmt.Errorf("job %s dropped: %w", job.ID, err)
	}
	l.release()
	if nerr := w.q.Nack(job.Receipt, w.retryDelay); nerr != nil {
		return fmt.Errorf("nack %s: %w", job.ID, nerr)
	}
	return fmt.Errorf("job %s will be retried: %w", job.ID, err)
}
