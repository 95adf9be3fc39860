// Package jobqueue is a small at-least-once job queue with visibility
// timeouts, and a worker that keeps its jobs leased while it runs them.
package jobqueue

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Job is a unit of work handed out by the queue.
type Job struct {
	ID      string
	Payload []byte
	Receipt string // identifies this delivery; changes on every receive
}

// ErrEmpty is returned by Receive when no job is visible.
var ErrEmpty = errors.New("jobqueue: no visible jobs")

// ErrBadReceipt is returned for a receipt that is unknown or superseded.
var ErrBadReceipt = errors.New("jobqueue: receipt is not current")

type entry struct {
	job          Job
	visibleAfter time.Time
}

// Queue is an in-memory queue server. A received job stays invisible until its
// visibility timeout passes; then it is delivered again unless acknowledged.
type Queue struct {
	mu      sync.Mutex
	entries []*entry // oldest first
	seq     int
}

// Enqueue adds a job.
func (q *Queue) Enqueue(payload []byte) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seq++
	id := fmt.Sprintf("job-%d", q.seq)
	q.entries = append(q.entries, &entry{job: Job{ID: id, Payload: payload}})
}

// Receive leases the oldest visible job for the visibility timeout.
func (q *Queue) Receive(visibility time.Duration) (Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	for _, e := range q.entries {
		if e.visibleAfter.After(now) {
			continue
		}
		q.seq++
		e.job.Receipt = fmt.Sprintf("%s/%d", e.job.ID, q.seq)
		e.visibleAfter = now.Add(visibility)
		return e.job, nil
	}
	return Job{}, ErrEmpty
}

// Extend pushes the visibility timeout of a leased job forward.
func (q *Queue) Extend(receipt string, visibility time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, err := q.find(receipt)
	if err != nil {
		return err
	}
	q.entries[i].visibleAfter = time.Now().Add(visibility)
	return nil
}

// Ack removes a job for good.
func (q *Queue) Ack(receipt string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, err := q.find(receipt)
	if err != nil {
		return err
	}
	q.entries = append(q.entries[:i], q.entries[i+1:]...)
	return nil
}

// Nack makes a leased job visible again after delay.
func (q *Queue) Nack(receipt string, delay time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, err := q.find(receipt)
	if err != nil {
		return err
	}
	q.entries[i].visibleAfter = time.Now().Add(delay)
	q.entries[i].job.Receipt = ""
	return nil
}

// Len reports how many jobs are stored, visible or not.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.entries)
}

func (q *Queue) find(receipt string) (int, error) {
	for i, e := range q.entries {
		if receipt != "" && e.job.Receipt == receipt {
			return i, nil
		}
	}
	return -1, fmt.Errorf("%w: %q", ErrBadReceipt, receipt)
}
