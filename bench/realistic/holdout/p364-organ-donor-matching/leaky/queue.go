package matching

import (
	"container/heap"
	"errors"
	"sync"
)

// ErrShutdown is returned for offers submitted after Shutdown.
var ErrShutdown = errors.New("matching: matcher is shut down")

// offerHeap orders offers by expiry so the organ with the least time left
// is allocated first.
type offerHeap []Offer

func (h offerHeap) Len() int           { return len(h) }
func (h offerHeap) Less(i, j int) bool { return h[i].Expires.Before(h[j].Expires) }
func (h offerHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *offerHeap) Push(x any)        { *h = append(*h, x.(Offer)) }
func (h *offerHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

// offerQueue is a blocking priority queue shared by the allocation workers.
type offerQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  offerHeap
	closed bool
	idle   int
}

func newOfferQueue() *offerQueue {
	q := &offerQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *offerQueue) push(o Offer) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrShutdown
	}
	heap.Push(&q.items, o)
	q.cond.Signal()
	return nil
}

// pop blocks until an offer is available. After close it keeps returning
// the remaining offers and then reports false.
func (q *offerQueue) pop() (Offer, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.idle++
		q.cond.Wait() // leak: close wakes only one of the idle workers
		q.idle--
	}
	if len(q.items) == 0 {
		return Offer{}, false
	}
	return heap.Pop(&q.items).(Offer), true
}

func (q *offerQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *offerQueue) stats() (queued, idle int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items), q.idle
}
