package spooler

import "sync"

// printerQueue is the FIFO of jobs waiting for one printer. A single worker
// goroutine consumes it via next.
type printerQueue struct {
	name string
	done chan struct{} // closed when the worker has exited

	mu      sync.Mutex
	cond    *sync.Cond
	pending []*job
	stopped bool
}

func newPrinterQueue(name string) *printerQueue {
	q := &printerQueue{name: name, done: make(chan struct{})}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push appends j to the queue and wakes the worker.
func (q *printerQueue) push(j *job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.stopped {
		return ErrClosed
	}
	q.pending = append(q.pending, j)
	q.cond.Signal()
	return nil
}

// next blocks until a job is available. It returns false once the queue
// has been stopped.
func (q *printerQueue) next() (*job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !q.stopped && len(q.pending) == 0 {
		q.cond.Wait()
	}
	if q.stopped {
		return nil, false
	}
	j := q.pending[0]
	q.pending[0] = nil
	q.pending = q.pending[1:]
	return j, true
}

// drain empties the queue and returns the jobs that were waiting.
func (q *printerQueue) drain() []*job {
	q.mu.Lock()
	defer q.mu.Unlock()
	pending := q.pending
	q.pending = nil
	return pending
}

// stop makes next return false for the worker, now or once it finishes
// the job it is printing.
func (q *printerQueue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
