// Package webhooks delivers events to subscriber URLs from a background dispatcher.
package webhooks

import (
	"sync"
	"time"
)

// Event is something subscribers hear about.
type Event struct {
	Kind string
	Data string
}

// Poster performs the HTTP POST.
type Poster func(url string, e Event) error

// Dispatcher queues events and posts them to every subscriber.
type Dispatcher struct {
	queue chan Event
	stop  chan struct{}
	post  Poster
	urls  []string
	retry time.Duration

	mu        sync.Mutex
	delivered int
}

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithQueue sets the queue length.
func WithQueue(n int) Option {
	return func(d *Dispatcher) { d.queue = make(chan Event, n) }
}

// WithRetry sets the pause before the single retry of a failed post.
func WithRetry(d time.Duration) Option {
	return func(x *Dispatcher) { x.retry = d }
}

// NewDispatcher starts the dispatcher goroutine.
func NewDispatcher(post Poster, urls []string, opts ...Option) *Dispatcher {
	d := &Dispatcher{post: post, urls: urls, retry: time.Second}
	for _, o := range opts {
		o(d)
	}
	go d.run()
	return d
}

func (d *Dispatcher) run() {
	for {
		select { // leak: without WithQueue the queue is nil, and stop is nil too: this select can never proceed
		case e := <-d.queue:
			d.deliver(e)
		case <-d.stop:
			return
		}
	}
}

func (d *Dispatcher) deliver(e Event) {
	for _, u := range d.urls {
		if err := d.post(u, e); err != nil {
			time.Sleep(d.retry)
			if d.post(u, e) != nil {
				continue
			}
		}
		d.mu.Lock()
		d.delivered++
		d.mu.Unlock()
	}
}

// Enqueue adds an event; it reports false when the queue is full.
func (d *Dispatcher) Enqueue(e Event) bool {
	select {
	case d.queue <- e:
		return true
	default:
		return false
	}
}

// Close stops the dispatcher; queued events are dropped.
func (d *Dispatcher) Close() {
	if d.stop != nil {
		close(d.stop)
	}
}
