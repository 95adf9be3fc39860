package fixed_job_waiter

import (
	"log"
	"sync/atomic"
)

type job struct {
	id   string
	kind string
}

// Queue runs jobs one at a time on its own goroutine.
type Queue struct {
	jobs      chan job
	waiters   *waiters
	processed atomic.Int64
	stopped   chan struct{}
}

func NewQueue() *Queue {
	q := &Queue{jobs: make(chan job), waiters: newWaiters(), stopped: make(chan struct{})}
	go q.run()
	return q
}

func (q *Queue) run() {
	defer close(q.stopped)
	for j := range q.jobs {
		q.process(j)
		q.processed.Add(1)
	}
}

func (q *Queue) process(j job) {
	switch j.kind {
	case "resize", "thumbnail":
		log.Printf("job %s: %s done", j.id, j.kind)
	default:
		log.Printf("job %s: unknown kind %q, skipped", j.id, j.kind)
	}
	q.waiters.finish(j.id)
}

// Processed reports how many jobs the queue has taken.
func (q *Queue) Processed() int64 { return q.processed.Load() }

// Close stops the queue once the jobs sent so far are processed.
func (q *Queue) Close() {
	close(q.jobs)
	<-q.stopped
}
