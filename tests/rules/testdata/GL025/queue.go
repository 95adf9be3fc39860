package queue

import "sync"

// Queue hands items from Push to Pop.
type Queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
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

func (q *Queue) Pop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.ready.Wait() // want "`q.ready.Wait\(\)` is not in a loop that re-checks its condition"
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}
