package fixedflagnowakeup

import (
	"sync"
	"time"
)

// run: q := NewQueue(); go func() { _, _ = q.Take() }(); time.Sleep(100 * time.Millisecond); q.Close()

// Queue hands out items to consumers that wait for one.
type Queue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []int
	closed bool
	opened time.Time
}

func NewQueue() *Queue {
	q := &Queue{opened: time.Now()}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, v)
	q.ready.Signal()
}

func (q *Queue) Take() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.ready.Wait()
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// Reopen lets Put and Take work again; waiting longer needs no wake-up.
func (q *Queue) Reopen() {
	q.mu.Lock()
	q.closed = false
	q.mu.Unlock()
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.ready.Broadcast()
	q.mu.Unlock()
}
