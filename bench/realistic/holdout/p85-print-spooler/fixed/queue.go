package spooler

import (
	"context"
	"errors"
	"fmt"
)

// printerQueue serialises jobs for a single printer. Each queue owns one
// worker goroutine that feeds jobs to the driver in submission order.
type printerQueue struct {
	name   string
	driver Driver
	jobs   chan *jobEntry
	done   chan struct{}
	sp     *Spooler
}

func newPrinterQueue(sp *Spooler, name string, d Driver, depth int) *printerQueue {
	return &printerQueue{
		name:   name,
		driver: d,
		jobs:   make(chan *jobEntry, depth),
		done:   make(chan struct{}),
		sp:     sp,
	}
}

// enqueue adds e to the queue without blocking. The caller must hold sp.mu,
// which also guarantees that the queue has not been closed.
func (q *printerQueue) enqueue(e *jobEntry) error {
	select {
	case q.jobs <- e:
		return nil
	default:
		return fmt.Errorf("printer %q: %w", q.name, ErrQueueFull)
	}
}

// close stops the queue from accepting jobs. Jobs that are already queued
// are still printed. The caller must hold sp.mu.
func (q *printerQueue) close() {
	close(q.jobs)
}

// run is the queue's worker loop.
func (q *printerQueue) run() {
	defer close(q.done)
	for e := range q.jobs {
		q.print(e)
	}
}

// print hands a single job to the driver and records the outcome.
func (q *printerQueue) print(e *jobEntry) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	if !q.sp.startJob(e, cancel) {
		// Canceled while it was waiting in the queue.
		return
	}

	err := q.driver.Print(ctx, &e.job)
	switch {
	case err == nil:
		q.sp.finishJob(e, JobDone, nil)
	case errors.Is(ctx.Err(), context.Canceled):
		q.sp.finishJob(e, JobCanceled, fmt.Errorf("job %s: %w", e.job.ID, ErrCanceled))
	default:
		q.sp.finishJob(e, JobFailed, fmt.Errorf("job %s on %q: %w", e.job.ID, q.name, err))
	}
}
