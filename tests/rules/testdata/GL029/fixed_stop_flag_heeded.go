package mailqueue

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: q := NewQueue(func(string) error { return nil }); _ = q.Close(context.Background())

// ErrClosed is returned by Send once the queue is closed.
var ErrClosed = errors.New("mail queue closed")

// Queue delivers messages one at a time from a goroutine of its own.
type Queue struct {
	mu      sync.Mutex
	ready   *sync.Cond
	pending []string
	closed  bool
	deliver func(string) error
	done    chan struct{}
}

// NewQueue starts the delivery goroutine.
func NewQueue(deliver func(string) error) *Queue {
	q := &Queue{deliver: deliver, done: make(chan struct{})}
	q.ready = sync.NewCond(&q.mu)
	go q.run()
	return q
}

// Send queues msg for delivery.
func (q *Queue) Send(msg string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.pending = append(q.pending, msg)
	q.ready.Signal()
	return nil
}

func (q *Queue) take() (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.pending) == 0 && !q.closed {
		q.ready.Wait()
	}
	if q.closed && len(q.pending) == 0 {
		return "", false
	}
	msg := q.pending[0]
	q.pending = q.pending[1:]
	return msg, true
}

func (q *Queue) run() {
	defer close(q.done)
	for {
		msg, ok := q.take()
		if !ok {
			return
		}
		_ = q.deliver(msg)
	}
}

// Close stops taking messages and waits for the delivery goroutine, or ctx.
func (q *Queue) Close(ctx context.Context) error {
	q.mu.Lock()
	q.closed = true
	q.ready.Broadcast()
	q.mu.Unlock()
	select {
	case <-q.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(10 * time.Millisecond):
		return errors.New("mail queue: delivery goroutine did not stop")
	}
}
