package remotewrite

import "sync"

// sampleQueue is a bounded FIFO of samples. Producers wait for room, the
// consumer takes whatever has accumulated, up to a batch size, in one go.
type sampleQueue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	buf      []Sample
	capacity int
	closed   bool
}

func newSampleQueue(capacity int) *sampleQueue {
	q := &sampleQueue{capacity: capacity, buf: make([]Sample, 0, capacity)}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// push appends s, waiting while the queue is full. It reports false, without
// queuing s, if the queue is closed.
func (q *sampleQueue) push(s Sample) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) >= q.capacity && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return false
	}
	q.buf = append(q.buf, s)
	q.notEmpty.Signal()
	return true
}

// pop removes and returns up to max samples, waiting until at least one is
// queued. It returns nil once the queue is closed and empty.
func (q *sampleQueue) pop(max int) []Sample {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	n := len(q.buf)
	if n == 0 {
		return nil
	}
	if n > max {
		n = max
	}
	batch := make([]Sample, n)
	copy(batch, q.buf)
	rest := copy(q.buf, q.buf[n:])
	q.buf = q.buf[:rest]
	q.notFull.Broadcast()
	return batch
}

// close wakes all waiters; later pushes fail and pop drains what is left.
func (q *sampleQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
}

// len returns the number of queued samples.
func (q *sampleQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.buf)
}
