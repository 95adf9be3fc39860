// Package push delivers mobile push notifications to platform providers
// (APNs, FCM and similar). Messages are queued per platform, grouped into
// batches that fit the provider's limits, and device tokens that a provider
// reports as no longer registered are removed from the token store.
package push

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Platform identifies a push provider family.
type Platform string

// Well-known platforms.
const (
	APNs Platform = "apns"
	FCM  Platform = "fcm"
)

var (
	// ErrClosed is returned by Send after Close has been called.
	ErrClosed = errors.New("push: sender closed")
	// ErrNoProvider is returned when no provider is registered for a platform.
	ErrNoProvider = errors.New("push: no provider registered")
	// ErrUnregistered is the error a Provider reports for a device token that
	// is no longer valid (uninstalled app, expired registration, ...).
	ErrUnregistered = errors.New("push: device token unregistered")
)

// Message is a single notification addressed to one device.
type Message struct {
	Platform Platform
	Token    string
	Title    string
	Body     string
	Data     map[string]string
	// CollapseKey lets the provider replace an older undelivered
	// notification with the same key.
	CollapseKey string
}

// Result is the per-message outcome of a batch delivery. Err is nil on
// success and wraps ErrUnregistered when the token should be dropped.
type Result struct {
	Token string
	Err   error
}

// Provider sends batches of messages to a push service.
type Provider interface {
	// SendBatch delivers msgs and returns one Result per message, in order.
	// A non-nil error means the whole batch failed.
	SendBatch(ctx context.Context, msgs []Message) ([]Result, error)
}

// TokenStore persists device registrations.
type TokenStore interface {
	// Invalidate removes a device token that the provider rejected.
	Invalidate(ctx context.Context, platform Platform, token string) error
}

// Logger is the subset of *log.Logger the sender uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Sender.
type Option func(*Sender)

// WithMaxBatch sets the largest batch handed to a provider (default 500).
func WithMaxBatch(n int) Option {
	return func(s *Sender) {
		if n > 0 {
			s.maxBatch = n
		}
	}
}

// WithQueueSize sets how many messages may wait per platform (default 1024).
func WithQueueSize(n int) Option {
	return func(s *Sender) {
		if n > 0 {
			s.queueSize = n
		}
	}
}

// WithSendTimeout bounds a single provider call (default 10s).
func WithSendTimeout(d time.Duration) Option {
	return func(s *Sender) {
		if d > 0 {
			s.sendTimeout = d
		}
	}
}

// WithLogger sets the logger used for delivery failures.
func WithLogger(l Logger) Option {
	return func(s *Sender) { s.logger = l }
}

// Stats are cumulative delivery counters.
type Stats struct {
	Delivered   int64
	Failed      int64
	Invalidated int64
}

// Sender fans messages out to the registered providers.
type Sender struct {
	store       TokenStore
	logger      Logger
	maxBatch    int
	queueSize   int
	sendTimeout time.Duration

	mu     sync.RWMutex
	queues map[Platform]*queue
	closed bool

	delivered   int64
	failed      int64
	invalidated int64
}

// New returns a Sender that reports rejected tokens to store.
func New(store TokenStore, opts ...Option) *Sender {
	s := &Sender{
		store:       store,
		logger:      log.Default(),
		maxBatch:    500,
		queueSize:   1024,
		sendTimeout: 10 * time.Second,
		queues:      make(map[Platform]*queue),
	}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// Register installs prov as the provider for platform. Registering a
// platform again (for example after rotating credentials) routes all later
// messages to the new provider; messages already queued are still sent with
// the provider they were queued for.
func (s *Sender) Register(platform Platform, prov Provider) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	q := newQueue(s, platform, prov)
	s.queues[platform] = q
	go q.run()
	return nil
}

// Send queues msgs for delivery. It blocks while a platform queue is full
// and returns early if ctx is done.
func (s *Sender) Send(ctx context.Context, msgs ...Message) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	for i, m := range msgs {
		q, ok := s.queues[m.Platform]
		if !ok {
			return fmt.Errorf("push: message %d for %q: %w", i, m.Platform, ErrNoProvider)
		}
		select {
		case q.in <- m:
		case <-ctx.Done():
			return fmt.Errorf("push: enqueue message %d: %w", i, ctx.Err())
		}
	}
	return nil
}

// Close stops accepting messages and waits until everything queued has been
// handed to the providers, or until ctx is done.
func (s *Sender) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	pending := make([]*queue, 0, len(s.queues))
	for _, q := range s.queues {
		close(q.in)
		pending = append(pending, q)
	}
	s.mu.Unlock()

	for _, q := range pending {
		select {
		case <-q.done:
		case <-ctx.Done():
			return fmt.Errorf("push: draining %s queue: %w", q.platform, ctx.Err())
		}
	}
	return nil
}

// Stats returns a snapshot of the delivery counters.
func (s *Sender) Stats() Stats {
	return Stats{
		Delivered:   atomic.LoadInt64(&s.delivered),
		Failed:      atomic.LoadInt64(&s.failed),
		Invalidated: atomic.LoadInt64(&s.invalidated),
	}
}
