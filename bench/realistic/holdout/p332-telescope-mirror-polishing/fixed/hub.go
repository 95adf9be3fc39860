package polish

import (
	"context"
	"sync"
)

type subscription struct {
	ch      chan Measurement
	done    chan struct{}
	dropped int
}

// Hub fans interferometer measurements out to the consumers of a session:
// the dwell planner, the archive, the operator display. Every subscriber has
// its own queue and delivery goroutine so a slow consumer cannot stall the
// metrology loop.
type Hub struct {
	log    Logger
	buffer int

	mu     sync.Mutex
	subs   map[string]*subscription
	closed bool
}

// NewHub creates a hub whose subscribers queue up to buffer measurements.
func NewHub(buffer int, log Logger) *Hub {
	if buffer < 1 {
		buffer = 1
	}
	return &Hub{log: log, buffer: buffer, subs: make(map[string]*subscription)}
}

// Subscribe registers fn under name. fn is called sequentially, in
// measurement order, from a goroutine owned by the hub.
func (h *Hub) Subscribe(name string, fn func(Measurement)) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrHubClosed
	}
	sub := &subscription{
		ch:   make(chan Measurement, h.buffer),
		done: make(chan struct{}),
	}
	if old, ok := h.subs[name]; ok {
		close(old.ch)
	}
	h.subs[name] = sub
	go h.deliver(name, sub, fn)
	return nil
}

// Unsubscribe removes a subscriber; measurements already queued for it are
// still delivered.
func (h *Hub) Unsubscribe(name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if sub, ok := h.subs[name]; ok {
		close(sub.ch)
		delete(h.subs, name)
	}
}

// Publish queues m for every subscriber. A subscriber whose queue is full
// misses the measurement; the drop is counted and logged.
func (h *Hub) Publish(m Measurement) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrHubClosed
	}
	for name, sub := range h.subs {
		select {
		case sub.ch <- m:
		default:
			sub.dropped++
			h.log.Printf("polish: subscriber %s is behind, dropped measurement %d (%d so far)", name, m.Seq, sub.dropped)
		}
	}
	return nil
}

// Close stops the hub and waits, until ctx is done, for every subscriber to
// finish the measurements already queued for it.
func (h *Hub) Close(ctx context.Context) error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	pending := make([]*subscription, 0, len(h.subs))
	for name, sub := range h.subs {
		close(sub.ch)
		pending = append(pending, sub)
		delete(h.subs, name)
	}
	h.mu.Unlock()

	for _, sub := range pending {
		select {
		case <-sub.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (h *Hub) deliver(name string, sub *subscription, fn func(Measurement)) {
	defer close(sub.done)
	for m := range sub.ch {
		h.call(name, fn, m)
	}
}

func (h *Hub) call(name string, fn func(Measurement), m Measurement) {
	defer func() {
		if r := recover(); r != nil {
			h.log.Printf("polish: subscriber %s panicked on measurement %d: %v", name, m.Seq, r)
		}
	}()
	fn(m)
}
