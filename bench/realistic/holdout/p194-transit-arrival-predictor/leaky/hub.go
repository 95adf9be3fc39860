package arrivals

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// HubOption configures a Hub.
type HubOption func(*Hub)

// WithPushTimeout bounds a single push to a display.
func WithPushTimeout(d time.Duration) HubOption { return func(h *Hub) { h.pushTimeout = d } }

// WithQueueDepth sets how many boards may wait for a slow display before
// older updates are dropped.
func WithQueueDepth(n int) HubOption { return func(h *Hub) { h.queueDepth = n } }

// WithPushErrorHandler is called, from the display's delivery goroutine,
// whenever a push fails.
func WithPushErrorHandler(fn func(displayID string, err error)) HubOption {
	return func(h *Hub) { h.onPushError = fn }
}

// Hub fans boards out to the displays installed at each stop. Every display
// gets its own delivery goroutine so a sign on a flaky cellular link does not
// hold up the others.
type Hub struct {
	pushTimeout time.Duration
	queueDepth  int
	onPushError func(displayID string, err error)

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	closed  bool
	subs    map[string]*subscription // display ID -> subscription
	dropped map[string]int
}

type subscription struct {
	display Display
	updates chan Board
}

// NewHub returns a Hub ready to accept displays.
func NewHub(opts ...HubOption) *Hub {
	ctx, cancel := context.WithCancel(context.Background())
	h := &Hub{
		pushTimeout: 5 * time.Second,
		queueDepth:  2,
		ctx:         ctx,
		cancel:      cancel,
		subs:        make(map[string]*subscription),
		dropped:     make(map[string]int),
	}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

// Register starts delivering boards for the display's stop. A sign that
// reboots registers again under the same ID and takes over from its previous
// registration.
func (h *Hub) Register(d Display) error {
	if d.ID() == "" || d.StopID() == "" {
		return fmt.Errorf("arrivals: display must have an ID and a stop")
	}
	sub := &subscription{display: d, updates: make(chan Board, h.queueDepth)}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	h.subs[d.ID()] = sub
	go h.deliver(sub)
	return nil
}

// Unregister stops delivering boards to a display.
func (h *Hub) Unregister(displayID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if sub, ok := h.subs[displayID]; ok {
		delete(h.subs, displayID)
		close(sub.updates)
	}
}

// Publish queues a board for every display at the board's stop. A display
// whose queue is full misses the update; the next one supersedes it anyway.
func (h *Hub) Publish(b Board) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	for id, sub := range h.subs {
		if sub.display.StopID() != b.StopID {
			continue
		}
		select {
		case sub.updates <- b:
		default:
			h.dropped[id]++
		}
	}
}

// Dropped reports how many boards were dropped for a display.
func (h *Hub) Dropped(displayID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dropped[displayID]
}

// Close stops delivery to all displays and aborts pushes in flight.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for id, sub := range h.subs {
		delete(h.subs, id)
		close(sub.updates)
	}
	h.cancel()
}

func (h *Hub) deliver(sub *subscription) {
	for b := range sub.updates { // leak: superseded registration's channel is never closed
		ctx, cancel := context.WithTimeout(h.ctx, h.pushTimeout)
		err := sub.display.Push(ctx, b)
		cancel()
		if err != nil && h.onPushError != nil {
			h.onPushError(sub.display.ID(), err)
		}
	}
}
