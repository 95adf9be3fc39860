package fixedshrinkwakesnoemptywaiter

import "sync"

// Queue hands plates to one press loop, which puts back a plate it failed to print.
type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

// NewQueue makes an empty queue.
func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Put queues a plate and wakes the press.
func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.cond.Broadcast()
	q.mu.Unlock()
}

// serveOne waits for a plate and prints it; a plate that fails goes back through Put.
// Taking one out (`q.items = q.items[1:]`) only makes the queue shorter: no waiter for
// a plate can be released by it, so no wake-up is owed on the path that prints
// (SHRINK_RELEASES_NO_EMPTY_WAIT).
func (q *Queue) serveOne(print func(int) error) bool {
	q.mu.Lock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		q.mu.Unlock()
		return false
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	if err := print(v); err != nil {
		q.Put(v)
	}
	return true
}

// Close stops the press loop.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.cond.Broadcast()
	q.mu.Unlock()
}
