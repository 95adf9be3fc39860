package sfu

import "sync"

// packetQueue is a bounded FIFO of packets feeding one subscriber. When it
// is full the oldest packet is discarded: for real-time media a late packet
// is worth less than a fresh one.
type packetQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	buf    []Packet
	limit  int
	closed bool
}

func newPacketQueue(limit int) *packetQueue {
	q := &packetQueue{limit: limit, buf: make([]Packet, 0, limit)}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push appends p. It reports whether an older packet had to be dropped to
// make room, and whether the queue accepted p at all (false once closed).
func (q *packetQueue) push(p Packet) (dropped, ok bool) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false, false
	}
	if len(q.buf) >= q.limit {
		copy(q.buf, q.buf[1:])
		q.buf = q.buf[:len(q.buf)-1]
		dropped = true
	}
	q.buf = append(q.buf, p)
	q.mu.Unlock()
	q.cond.Signal()
	return dropped, true
}

// pop removes and returns the oldest packet, waiting for one to arrive. It
// returns false once the queue has been closed.
func (q *packetQueue) pop() (Packet, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.buf) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return Packet{}, false
	}
	p := q.buf[0]
	copy(q.buf, q.buf[1:])
	q.buf[len(q.buf)-1] = Packet{}
	q.buf = q.buf[:len(q.buf)-1]
	return p, true
}

// close discards queued packets and wakes the consumer.
func (q *packetQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.buf = nil
	q.mu.Unlock()
	q.cond.Broadcast()
}
