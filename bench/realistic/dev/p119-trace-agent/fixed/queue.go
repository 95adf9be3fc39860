package traceagent

import "sync"

// spanQueue is a bounded buffer of spans handed out in batches.
type spanQueue struct {
	mu       sync.Mutex
	ready    *sync.Cond
	spans    []Span
	batch    int
	capacity int
	dropped  int
	kicked   bool
	closed   bool
}

func newSpanQueue(batch, capacity int) *spanQueue {
	q := &spanQueue{batch: batch, capacity: capacity}
	q.ready = sync.NewCond(&q.mu)
	return q
}

func (q *spanQueue) push(s Span) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || len(q.spans) >= q.capacity {
		q.dropped++
		return
	}
	q.spans = append(q.spans, s)
	if len(q.spans) == q.batch {
		q.ready.Signal()
	}
}

// kick asks for whatever is queued to be handed out even if the batch is
// not full.
func (q *spanQueue) kick() {
	q.mu.Lock()
	q.kicked = true
	q.mu.Unlock()
	q.ready.Signal()
}

// next waits for a full batch or a kick and returns up to one batch of spans.
// It returns false once the queue is closed.
func (q *spanQueue) next() ([]Span, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		for !q.closed && !q.kicked && len(q.spans) < q.batch {
			q.ready.Wait()
		}
		if q.closed {
			return nil, false
		}
		q.kicked = false
		if len(q.spans) == 0 {
			continue
		}
		n := q.batch
		if n > len(q.spans) {
			n = len(q.spans)
		}
		out := make([]Span, n)
		copy(out, q.spans)
		q.spans = append(q.spans[:0], q.spans[n:]...)
		return out, true
	}
}

// close stops the queue and returns the spans that were never handed out.
func (q *spanQueue) close() []Span {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	q.ready.Broadcast()
	rest := q.spans
	q.spans = nil
	return rest
}

func (q *spanQueue) droppedCount() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.dropped
}
