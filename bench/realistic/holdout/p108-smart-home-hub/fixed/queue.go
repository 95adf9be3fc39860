package homehub

import "sync"

// eventQueue is a bounded FIFO between a device driver's callback, which
// must never block, and the hub's dispatcher for that device. When the queue
// is full the oldest event is discarded: for state reports the newest value
// is the one that matters.
type eventQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	items   []Event
	limit   int
	dropped uint64
	closed  bool
}

func newEventQueue(limit int) *eventQueue {
	q := &eventQueue{limit: limit}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push appends ev. It never blocks and is a no-op after close.
func (q *eventQueue) push(ev Event) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	if len(q.items) >= q.limit {
		q.items[0] = Event{}
		q.items = q.items[1:]
		q.dropped++
	}
	q.items = append(q.items, ev)
	q.mu.Unlock()
	q.cond.Signal()
}

// pop removes and returns the oldest event, waiting for one if the queue is
// empty. It returns false once the queue is closed and drained.
func (q *eventQueue) pop() (Event, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return Event{}, false
	}
	ev := q.items[0]
	q.items[0] = Event{}
	q.items = q.items[1:]
	return ev, true
}

// close wakes the dispatcher; events already queued are still delivered.
func (q *eventQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// droppedCount reports how many events were discarded because the
// dispatcher fell behind.
func (q *eventQueue) droppedCount() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.dropped
}
