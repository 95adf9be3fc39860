package scorelib

import (
	"sort"
	"sync"
	"time"
)

// request is one part to be prepared, with the channel its result goes to.
type request struct {
	catalogID  string
	instrument Instrument
	copies     int
	due        time.Time
	queued     time.Time
	reply      chan result
}

type result struct {
	part *PreparedPart
	err  error
}

// requestQueue hands requests to the copyists, earliest rehearsal first.
type requestQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []*request
	closed bool
}

func newRequestQueue() *requestQueue {
	q := &requestQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *requestQueue) push(r *request) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	i := sort.Search(len(q.items), func(i int) bool { return q.items[i].due.After(r.due) })
	q.items = append(q.items, nil)
	copy(q.items[i+1:], q.items[i:])
	q.items[i] = r
	q.cond.Signal()
	return nil
}

// pop blocks until a request is available. It returns false once the queue
// is closed and drained.
func (q *requestQueue) pop() (*request, bool) {
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

func (q *requestQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *requestQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}
