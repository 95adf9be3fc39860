// Package webhook delivers events to subscriber endpoints. Every endpoint has
// its own queue and delivery goroutine, so a slow or failing receiver only
// delays its own events.
package webhook

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Event is one notification to be posted to subscribers.
type Event struct {
	ID   string
	Type string
	Body []byte
}

// Sender posts an event to a URL. A nil error means the receiver accepted it.
type Sender func(ctx context.Context, url string, ev Event) error

var (
	// ErrClosed is returned after Shutdown.
	ErrClosed = errors.New("webhook: dispatcher closed")
	// ErrUnknownEndpoint is returned for names that were never added.
	ErrUnknownEndpoint = errors.New("webhook: unknown endpoint")
	// ErrQueueFull is returned when an endpoint's backlog is at capacity.
	ErrQueueFull = errors.New("webhook: queue full")
)

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithRetries sets how many attempts are made per event and the initial
// backoff between them; the backoff doubles after every failure.
func WithRetries(attempts int, backoff time.Duration) Option {
	return func(d *Dispatcher) {
		d.maxAttempts = attempts
		d.backoff = backoff
	}
}

// WithQueueSize sets the backlog kept for each endpoint.
func WithQueueSize(n int) Option {
	return func(d *Dispatcher) { d.queueSize = n }
}

// WithErrorHandler is called with every event that could not be delivered.
func WithErrorHandler(f func(endpoint string, ev Event, err error)) Option {
	return func(d *Dispatcher) { d.onError = f }
}

// Dispatcher fans events out to registered endpoints.
type Dispatcher struct {
	send        Sender
	maxAttempts int
	backoff     time.Duration
	timeout     time.Duration
	queueSize   int
	onError     func(string, Event, error)

	mu        sync.Mutex
	endpoints map[string]*endpoint
	closed    bool
}

// New returns a Dispatcher that delivers with send.
func New(send Sender, opts ...Option) *Dispatcher {
	d := &Dispatcher{
		send:        send,
		maxAttempts: 5,
		backoff:     time.Second,
		timeout:     10 * time.Second,
		queueSize:   64,
		endpoints:   make(map[string]*endpoint),
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

// AddEndpoint registers url under name and starts delivering to it.
func (d *Dispatcher) AddEndpoint(name, url string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	if _, ok := d.endpoints[name]; ok {
		return fmt.Errorf("webhook: endpoint %q already registered", name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ep := &endpoint{
		name:   name,
		url:    url,
		queue:  make(chan Event, d.queueSize),
		cancel: cancel,
		done:   make(chan struct{}),
	}
	d.endpoints[name] = ep
	go ep.run(ctx, d)
	return nil
}

// RemoveEndpoint stops deliveries to name. An attempt in flight is abandoned
// and events still queued for the endpoint are dropped.
func (d *Dispatcher) RemoveEndpoint(name string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	ep, ok := d.endpoints[name]
	if !ok {
		return fmt.Errorf("remove %q: %w", name, ErrUnknownEndpoint)
	}
	delete(d.endpoints, name)
	ep.cancel()
	close(ep.queue)
	return nil
}

// Enqueue schedules ev for delivery to the named endpoint without blocking.
func (d *Dispatcher) Enqueue(name string, ev Event) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return ErrClosed
	}
	ep, ok := d.endpoints[name]
	if !ok {
		return fmt.Errorf("enqueue %s: %q: %w", ev.ID, name, ErrUnknownEndpoint)
	}
	select {
	case ep.queue <- ev:
		return nil
	default:
		return fmt.Errorf("enqueue %s: %q: %w", ev.ID, name, ErrQueueFull)
	}
}

// Shutdown stops accepting events and waits until every endpoint has worked
// through its backlog, or until ctx is done.
func (d *Dispatcher) Shutdown(ctx context.Context) error {
	d.mu.Lock()
	eps := make([]*endpoint, 0, len(d.endpoints))
	if !d.closed {
		d.closed = true
		for name, ep := range d.endpoints {
			close(ep.queue)
			eps = append(eps, ep)
			delete(d.endpoints, name)
		}
	}
	d.mu.Unlock()

	for _, ep := range eps {
		select {
		case <-ep.done:
		case <-ctx.Done():
			for _, ep := range eps {
				ep.cancel()
			}
			return fmt.Errorf("webhook: shutdown: %w", ctx.Err())
		}
	}
	return nil
}
