// Package mailer sends email through a Transport at a bounded rate, retries
// temporary failures, and drains its outbox before shutting down.
package mailer

import (
	"context"
	"errors"
	"sync"
	"time"
)

var (
	// ErrShuttingDown is returned by Enqueue once Shutdown has begun.
	ErrShuttingDown = errors.New("mailer: shutting down")
	// ErrOutboxFull is returned by Enqueue when the outbox is at capacity.
	ErrOutboxFull = errors.New("mailer: outbox full")
)

// Message is one email.
type Message struct {
	From    string
	To      []string
	Subject string
	Body    string
}

// Transport hands a message to a mail server.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// Option configures a Sender.
type Option func(*Sender)

// WithConcurrency sets the number of delivery workers.
func WithConcurrency(n int) Option { return func(s *Sender) { s.workers = n } }

// WithRate sets the minimum interval between two sends, across all workers.
func WithRate(every time.Duration) Option { return func(s *Sender) { s.every = every } }

// WithRetries sets how many times a temporary failure is retried and the base
// backoff between attempts.
func WithRetries(n int, backoff time.Duration) Option {
	return func(s *Sender) { s.retries, s.backoff = n, backoff }
}

// WithErrorHandler is called for every message that could not be delivered.
func WithErrorHandler(fn func(Message, error)) Option { return func(s *Sender) { s.onError = fn } }

// Sender queues messages and delivers them in the background.
type Sender struct {
	transport   Transport
	workers     int
	every       time.Duration
	retries     int
	backoff     time.Duration
	sendTimeout time.Duration
	maxQueue    int
	onError     func(Message, error)
	limiter     *time.Ticker

	mu       sync.Mutex
	work     *sync.Cond // a message was queued, or shutdown began
	idle     *sync.Cond // a delivery finished
	outbox   []Message
	inflight int
	closing  bool
}

// New starts a Sender that delivers through t.
func New(t Transport, opts ...Option) *Sender {
	s := &Sender{
		transport:   t,
		workers:     4,
		every:       100 * time.Millisecond,
		retries:     3,
		backoff:     time.Second,
		sendTimeout: 30 * time.Second,
		maxQueue:    1000,
		onError:     func(Message, error) {},
	}
	for _, o := range opts {
		o(s)
	}
	s.work = sync.NewCond(&s.mu)
	s.idle = sync.NewCond(&s.mu)
	s.limiter = time.NewTicker(s.every)
	for i := 0; i < s.workers; i++ {
		go s.worker()
	}
	return s
}

// Enqueue adds m to the outbox.
func (s *Sender) Enqueue(m Message) error {
	if len(m.To) == 0 {
		return errors.New("mailer: message has no recipients")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return ErrShuttingDown
	}
	if len(s.outbox) >= s.maxQueue {
		return ErrOutboxFull
	}
	s.outbox = append(s.outbox, m)
	s.work.Signal()
	return nil
}

// Shutdown stops accepting messages and returns once every queued message has
// been delivered or handed to the error handler.
func (s *Sender) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return
	}
	s.closing = true
	s.work.Signal()
	for len(s.outbox) > 0 || s.inflight > 0 {
		s.idle.Wait()
	}
	s.limiter.Stop()
}
