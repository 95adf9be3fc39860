package voicing

import (
	"context"
	"errors"
	"sync"
)

var errBenchClosed = errors.New("voicing: bench closed")

type job struct {
	ctx     context.Context
	pipe    Pipe
	footage float64
	reply   chan<- outcome
}

type outcome struct {
	adj Adjustment
	err error
}

// jobQueue is an unbounded FIFO shared by the bench workers.
type jobQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []job
	closed bool
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *jobQueue) push(j job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return errBenchClosed
	}
	q.jobs = append(q.jobs, j)
	q.cond.Signal()
	return nil
}

// pop blocks until a job is available. It reports false once the queue
// is closed and drained.
func (q *jobQueue) pop() (job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return job{}, false
	}
	j := q.jobs[0]
	q.jobs[0] = job{}
	q.jobs = q.jobs[1:]
	return j, true
}

func (q *jobQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.closed = true
	q.cond.Broadcast()
}

func (q *jobQueue) pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.jobs)
}
