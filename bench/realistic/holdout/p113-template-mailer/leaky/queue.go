package mailer

import (
	"errors"
	"sync"
)

// ErrClosed is returned when a message is queued on a closed Mailer.
var ErrClosed = errors.New("mailer: closed")

// sendQueue is a bounded FIFO of outgoing messages shared by the send
// workers. Producers block while the queue is full, which applies
// back-pressure to large campaigns instead of buffering them in memory.
type sendQueue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []*Message
	capacity int
	closed   bool

	// onFull, if set, is called with the lock held each time a producer has
	// to wait for space. It must not block.
	onFull func()
}

func newSendQueue(capacity int, onFull func()) *sendQueue {
	q := &sendQueue{capacity: capacity, onFull: onFull}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// put appends m, waiting while the queue is full. It returns ErrClosed if the
// queue is closed before m could be added.
func (q *sendQueue) put(m *Message) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) >= q.capacity && !q.closed {
		if q.onFull != nil {
			q.onFull()
		}
		q.notFull.Wait() // leak: producer parked on a full queue is never woken by close
	}
	if q.closed {
		return ErrClosed
	}
	q.items = append(q.items, m)
	q.notEmpty.Signal()
	return nil
}

// get removes the oldest message, waiting until one is available. It reports
// false once the queue is closed; messages still queued at that point are
// left for close to report.
func (q *sendQueue) get() (*Message, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if q.closed {
		return nil, false
	}
	m := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	q.notFull.Signal()
	return m, true
}

// close marks the queue closed, wakes the workers and returns the messages
// that were never handed to a worker.
func (q *sendQueue) close() []*Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return nil
	}
	q.closed = true
	dropped := q.items
	q.items = nil
	q.notEmpty.Broadcast()
	return dropped
}
