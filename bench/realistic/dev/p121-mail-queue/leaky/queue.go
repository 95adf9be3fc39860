// Package mailq delivers outgoing mail through a Transport, pacing each
// recipient domain separately and backing off domains that push back.
package mailq

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Option configures a Queue.
type Option func(*Queue)

// WithRate sets the per-domain pace: one message per interval, bursts of up to burst.
func WithRate(every time.Duration, burst int) Option {
	return func(q *Queue) { q.every, q.burst = every, burst }
}

// WithBounceHandler registers f to be told about undeliverable messages.
func WithBounceHandler(f func(Bounce)) Option { return func(q *Queue) { q.onBounce = f } }

type job struct {
	msg     Message
	attempt int
}

// Queue delivers submitted messages in the background.
type Queue struct {
	transport   Transport
	onBounce    func(Bounce)
	every       time.Duration
	burst       int
	workers     int
	maxAttempts int
	mu          sync.Mutex
	limiters    map[string]*limiter
	jobs        chan job
	ctx         context.Context
	cancel      context.CancelFunc
	wg          sync.WaitGroup
}

// New starts a queue that delivers through t.
func New(t Transport, opts ...Option) *Queue {
	q := &Queue{
		transport:   t,
		onBounce:    func(Bounce) {},
		every:       time.Second,
		burst:       5,
		workers:     4,
		maxAttempts: 5,
		limiters:    make(map[string]*limiter),
		jobs:        make(chan job, 64),
	}
	for _, o := range opts {
		o(q)
	}
	q.ctx, q.cancel = context.WithCancel(context.Background())
	for i := 0; i < q.workers; i++ {
		q.wg.Add(1)
		go q.work()
	}
	return q
}

// Submit enqueues m for delivery.
func (q *Queue) Submit(ctx context.Context, m Message) error {
	select {
	case q.jobs <- job{msg: m}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("mailq: submit %s: %w", m.ID, ctx.Err())
	case <-q.ctx.Done():
		return fmt.Errorf("mailq: submit %s: queue closed", m.ID)
	}
}

// Close stops delivery, waits for in-flight sends and drops what is still queued.
func (q *Queue) Close() {
	q.cancel()
	q.wg.Wait()
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, l := range q.limiters {
		l.close()
	}
}

func (q *Queue) work() {
	defer q.wg.Done()
	for {
		select {
		case <-q.ctx.Done():
			return
		case j := <-q.jobs:
			q.deliver(j)
		}
	}
}

func (q *Queue) deliver(j job) {
	d := j.msg.domain()
	select {
	case <-q.limiterFor(d).tokens:
	case <-q.ctx.Done():
		return
	}
	err := q.transport.Send(q.ctx, j.msg)
	switch code := smtpCode(err); {
	case err == nil:
	case code >= 500:
		q.onBounce(Bounce{Message: j.msg, Err: err})
	case code == 421 || code == 451: // the server wants us to slow down
		q.slowDown(d)
		q.retry(j, err)
	default:
		q.retry(j, err)
	}
}

func (q *Queue) retry(j job, err error) {
	j.attempt++
	if j.attempt >= q.maxAttempts {
		q.onBounce(Bounce{Message: j.msg, Err: fmt.Errorf("gave up after %d attempts: %w", j.attempt, err)})
		return
	}
	go func() {
		select {
		case q.jobs <- j:
		case <-q.ctx.Done():
		}
	}()
}

func (q *Queue) limiterFor(domain string) *limiter {
	q.mu.Lock()
	defer q.mu.Unlock()
	l, ok := q.limiters[domain]
	if !ok {
		l = newLimiter(q.every, q.burst)
		q.limiters[domain] = l
	}
	return l
}

// slowDown halves the sending rate for a domain that told us to back off.
func (q *Queue) slowDown(domain string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	every := q.every
	if old, ok := q.limiters[domain]; ok {
		every = 2 * old.every
	}
	q.limiters[domain] = newLimiter(every, 1)
}
