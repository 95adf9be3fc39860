package literalwaiters

import (
	"sync"
	"time"
)

// run: q := NewQueue(); q.Start(2); time.Sleep(100 * time.Millisecond); q.Stop(); time.Sleep(100 * time.Millisecond)

// Queue hands items to consumers.
type Queue struct {
	mu      sync.Mutex
	ready   sync.Cond
	items   []int
	stopped bool
	wg      sync.WaitGroup
	opened  time.Time
}

// NewQueue returns an empty queue.
func NewQueue() *Queue {
	q := &Queue{opened: time.Now()}
	q.ready.L = &q.mu
	return q
}

// Start runs n consumers.
func (q *Queue) Start(n int) {
	for i := 0; i < n; i++ {
		q.wg.Add(1)
		go func() {
			defer q.wg.Done()
			for {
				if _, ok := q.take(); !ok {
					return
				}
			}
		}()
	}
}

// Stop tells the consumers to stop.
func (q *Queue) Stop() {
	q.mu.Lock()
	q.stopped = true
	q.ready.Signal()
	q.mu.Unlock()
}

func (q *Queue) take() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.stopped {
		q.ready.Wait() // want "`q.ready.Wait\\(\\)` may never return: `Stop` sets `q.stopped`, which this loop waits on, but wakes one waiter"
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}
