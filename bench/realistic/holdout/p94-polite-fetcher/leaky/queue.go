package politefetch

import (
	"sync"
	"time"
)

// hostQueue is the FIFO of pending requests for one origin. Only the host's
// worker touches rules and last, so they need no locking.
type hostQueue struct {
	origin string
	rules  *robotsRules
	last   time.Time

	mu     sync.Mutex
	cond   *sync.Cond
	items  []*request
	closed bool
}

func newHostQueue(origin string) *hostQueue {
	q := &hostQueue{origin: origin}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *hostQueue) push(r *request) {
	q.mu.Lock()
	q.items = append(q.items, r)
	q.mu.Unlock()
	q.cond.Signal()
}

// pop waits for the next request. After close it keeps returning queued
// requests until the queue is empty, then reports false.
func (q *hostQueue) pop() (*request, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return nil, false
	}
	r := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	return r, true
}

func (q *hostQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// budget is the global limit shared by all host workers: at most limit
// requests in flight, and at most total requests overall (total < 0 means
// unlimited). It is a condition variable rather than a channel because
// waiters must also wake up, and fail, when the total runs out.
type budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int
	inUse int
	total int
}

func newBudget(limit, total int) *budget {
	if total <= 0 {
		total = -1
	}
	b := &budget{limit: limit, total: total}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// acquire takes one in-flight slot and one request from the total.
func (b *budget) acquire() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.inUse >= b.limit && b.total != 0 {
		b.cond.Wait() // leak: slot held by a disallowed request is never given back
	}
	if b.total == 0 {
		return ErrBudgetExhausted
	}
	if b.total > 0 {
		b.total--
		if b.total == 0 {
			b.cond.Broadcast()
		}
	}
	b.inUse++
	return nil
}

// release returns an in-flight slot taken by acquire.
func (b *budget) release() {
	b.mu.Lock()
	b.inUse--
	b.mu.Unlock()
	b.cond.Signal()
}
