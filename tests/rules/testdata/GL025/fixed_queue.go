package fixedqueue

import "sync"

// Queue hands items from Push to Pop; Close wakes every waiter.
type Queue struct {
	mu     sync.Mutex
	ready  *sync.Cond
	items  []int
	closed bool
}

func New() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.ready.Signal()
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.ready.Broadcast()
}

func (q *Queue) Pop() (int, bool) {
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

// Wait on a WaitGroup is no condition variable.
func (q *Queue) Drain(wg *sync.WaitGroup) {
	wg.Wait()
}

// handoff signals under the lock the waiter holds until it waits: the signal cannot
// come first, so waiting once is enough.
func handoff() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	go func() {
		mu.Lock()
		c.Signal()
		mu.Unlock()
	}()
	c.Wait()
	mu.Unlock()
}
