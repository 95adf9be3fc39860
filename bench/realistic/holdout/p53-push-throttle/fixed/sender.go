// Package push delivers mobile push notifications through a provider
// gateway while keeping each device under a per-device rate limit.
package push

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrClosed is returned once the sender has been shut down.
var ErrClosed = errors.New("push: sender closed")

// Notification is a single message addressed to one device.
type Notification struct {
	DeviceToken string
	Title       string
	Body        string
}

// Gateway is the provider API (APNs, FCM, ...) that actually delivers a
// notification.
type Gateway interface {
	Deliver(ctx context.Context, n Notification) error
}

// Stats are running counters of a Sender.
type Stats struct {
	Delivered int64
	Throttled int
}

// Option configures a Sender.
type Option func(*Sender)

// WithWorkers sets how many notifications are delivered concurrently.
func WithWorkers(n int) Option { return func(s *Sender) { s.workers = n } }

// WithDeviceLimit allows at most burst notifications per device per interval.
func WithDeviceLimit(burst int, interval time.Duration) Option {
	return func(s *Sender) { s.burst, s.interval = burst, interval }
}

// WithErrorHandler receives notifications that could not be delivered.
func WithErrorHandler(fn func(Notification, error)) Option {
	return func(s *Sender) { s.onError = fn }
}

// Sender queues notifications and delivers them from a pool of workers.
type Sender struct {
	gw       Gateway
	workers  int
	burst    int
	interval time.Duration
	timeout  time.Duration
	onError  func(Notification, error)

	mu      sync.RWMutex
	closed  bool
	queue   chan Notification
	limiter *deviceLimiter
	exited  chan struct{}

	delivered atomic.Int64
}

// NewSender starts a sender that delivers through gw.
func NewSender(gw Gateway, opts ...Option) *Sender {
	s := &Sender{
		gw:       gw,
		workers:  4,
		burst:    5,
		interval: time.Minute,
		timeout:  10 * time.Second,
		onError:  func(Notification, error) {},
	}
	for _, o := range opts {
		o(s)
	}
	s.queue = make(chan Notification, 64)
	s.limiter = newDeviceLimiter(s.burst, s.interval)
	s.exited = make(chan struct{}, s.workers)
	for i := 0; i < s.workers; i++ {
		go s.work()
	}
	return s
}

// Enqueue schedules n for delivery. It blocks while the queue is full.
func (s *Sender) Enqueue(ctx context.Context, n Notification) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	select {
	case s.queue <- n:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("push: enqueue for %s: %w", n.DeviceToken, ctx.Err())
	}
}

// Stats returns a snapshot of the sender's counters.
func (s *Sender) Stats() Stats {
	return Stats{
		Delivered: s.delivered.Load(),
		Throttled: s.limiter.throttledCount(),
	}
}

// Close stops accepting notifications and waits, until ctx is done, for the
// workers to finish. Notifications still waiting for their device's
// allowance are reported to the error handler.
func (s *Sender) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.queue)
	s.mu.Unlock()

	s.limiter.close()

	for i := 0; i < s.workers; i++ {
		select {
		case <-s.exited:
		case <-ctx.Done():
			return fmt.Errorf("push: close: %d workers still busy: %w", s.workers-i, ctx.Err())
		}
	}
	return nil
}

func (s *Sender) work() {
	defer func() { s.exited <- struct{}{} }()
	for n := range s.queue {
		if err := s.deliver(n); err != nil {
			s.onError(n, err)
			continue
		}
		s.delivered.Add(1)
	}
}

func (s *Sender) deliver(n Notification) error {
	if err := s.limiter.wait(n.DeviceToken); err != nil {
		return fmt.Errorf("push: throttle %s: %w", n.DeviceToken, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if err := s.gw.Deliver(ctx, n); err != nil {
		return fmt.Errorf("push: deliver to %s: %w", n.DeviceToken, err)
	}
	return nil
}
