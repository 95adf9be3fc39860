// Package webhook delivers payment events to merchant endpoints, retrying
// failed deliveries with exponential backoff and parking the ones that cannot
// be delivered in a dead-letter queue.
package webhook

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by Enqueue after Shutdown has begun.
var ErrClosed = errors.New("webhook: retrier closed")

// Event is a payment event bound for one merchant.
type Event struct {
	ID       string
	Merchant string
	Payload  []byte
}

// SendFunc performs one delivery attempt.
type SendFunc func(ctx context.Context, ev Event) error

// DeadLetterQueue stores events that exhausted their attempts.
type DeadLetterQueue interface {
	Put(ctx context.Context, ev Event, cause error) error
}

type delivery struct {
	ev       Event
	attempts int
}

// Retrier delivers events on a fixed number of workers.
type Retrier struct {
	send    SendFunc
	dlq     DeadLetterQueue
	policy  Backoff
	onError func(error)

	queue    chan *delivery
	closing  chan struct{}
	once     sync.Once
	ctx      context.Context
	cancel   context.CancelFunc
	inflight sync.WaitGroup
	workers  sync.WaitGroup
}

// Option configures a Retrier.
type Option func(*Retrier)

// WithBackoff replaces the default backoff policy.
func WithBackoff(b Backoff) Option { return func(r *Retrier) { r.policy = b } }

// WithErrorHandler receives errors from the dead-letter queue.
func WithErrorHandler(f func(error)) Option { return func(r *Retrier) { r.onError = f } }

// New starts a retrier with n workers.
func New(send SendFunc, dlq DeadLetterQueue, n int, opts ...Option) *Retrier {
	ctx, cancel := context.WithCancel(context.Background())
	r := &Retrier{
		send:    send,
		dlq:     dlq,
		policy:  Backoff{Base: 500 * time.Millisecond, Max: time.Minute, Attempts: 8},
		onError: func(error) {},
		queue:   make(chan *delivery),
		closing: make(chan struct{}),
		ctx:     ctx,
		cancel:  cancel,
	}
	for _, o := range opts {
		o(r)
	}
	for i := 0; i < n; i++ {
		r.workers.Add(1)
		go r.work()
	}
	return r
}

// Enqueue hands an event over for delivery.
func (r *Retrier) Enqueue(ev Event) error {
	select {
	case <-r.closing:
		return ErrClosed
	default:
	}
	r.inflight.Add(1)
	return r.push(&delivery{ev: ev})
}

// push queues a delivery for the next free worker.
func (r *Retrier) push(d *delivery) error {
	select {
	case r.queue <- d:
		return nil
	case <-r.ctx.Done():
		r.inflight.Done()
		return ErrClosed
	}
}

func (r *Retrier) work() {
	defer r.workers.Done()
	for {
		select {
		case <-r.ctx.Done():
			return
		case d := <-r.queue:
			r.deliver(d)
		}
	}
}

func (r *Retrier) deliver(d *delivery) {
	err := r.send(r.ctx, d.ev)
	if err == nil {
		r.inflight.Done()
		return
	}
	d.attempts++
	if d.attempts >= r.policy.Attempts || !Retryable(err) {
		if derr := r.dlq.Put(r.ctx, d.ev, err); derr != nil {
			r.onError(fmt.Errorf("dead-letter %s: %w", d.ev.ID, derr))
		}
		r.inflight.Done()
		return
	}
	time.AfterFunc(r.policy.Delay(d.attempts), func() {
		if err := r.push(d); err != nil {
			r.onError(fmt.Errorf("requeue %s: %w", d.ev.ID, err))
		}
	})
}

// Shutdown stops accepting events and waits for the ones in flight,
// including their retries, until ctx is done.
func (r *Retrier) Shutdown(ctx context.Context) error {
	r.once.Do(func() { close(r.closing) })
	err := waitContext(ctx, &r.inflight)
	r.cancel()
	r.workers.Wait()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
