// Package notify fans notifications out to websocket subscribers. Every
// subscriber has its own bounded buffer so that one slow client cannot hold
// up the others; a client that falls too far behind is disconnected.
package notify

import (
	"errors"
	"log"
	"sync"
	"time"
)

// Close codes sent to clients, as defined by RFC 6455.
const (
	StatusNormal      = 1000
	StatusGoingAway   = 1001
	StatusPolicy      = 1008
	StatusServerError = 1011
)

// ErrHubClosed is returned by Subscribe once the hub is closed.
var ErrHubClosed = errors.New("notify: hub closed")

// Option configures a Hub.
type Option func(*Hub)

// WithBuffer sets how many undelivered messages a subscriber may have
// before it is disconnected as too slow.
func WithBuffer(n int) Option { return func(h *Hub) { h.bufSize = n } }

// WithWriteTimeout bounds each write to a client.
func WithWriteTimeout(d time.Duration) Option { return func(h *Hub) { h.writeTimeout = d } }

// Hub routes published messages to the subscribers of their topic.
type Hub struct {
	bufSize      int
	writeTimeout time.Duration
	logf         func(format string, args ...any)

	mu     sync.Mutex
	subs   map[uint64]*subscriber
	nextID uint64
	closed bool
}

// NewHub returns an empty hub.
func NewHub(opts ...Option) *Hub {
	h := &Hub{
		bufSize:      64,
		writeTimeout: 10 * time.Second,
		logf:         log.Printf,
		subs:         make(map[uint64]*subscriber),
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Subscribe starts delivering messages on the given topics to conn. The
// subscription lasts until it is closed, the client falls behind, a write
// fails or the hub is closed.
func (h *Hub) Subscribe(conn Conn, topics ...string) (*Subscription, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	h.nextID++
	s := newSubscriber(h.nextID, conn, topics, h.bufSize)
	h.subs[s.id] = s
	go s.writeLoop(h)
	return &Subscription{hub: h, s: s}, nil
}

// Publish queues data for every subscriber of topic and reports how many
// it reached. Subscribers whose buffer is full are disconnected.
func (h *Hub) Publish(topic string, data []byte) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs {
		if !s.topics[topic] {
			continue
		}
		select {
		case s.send <- data:
			n++
		default:
			h.detachLocked(s, StatusPolicy, "too slow")
		}
	}
	return n
}

// Len reports the number of live subscribers.
func (h *Hub) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Close disconnects every subscriber.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, s := range h.subs {
		h.detachLocked(s, StatusGoingAway, "server shutting down")
	}
}

// detachLocked removes s and lets its writer finish what is buffered and
// close the connection. h.mu must be held.
func (h *Hub) detachLocked(s *subscriber, code int, reason string) {
	if _, ok := h.subs[s.id]; !ok {
		return
	}
	delete(h.subs, s.id)
	s.closeCode, s.closeReason = code, reason
	close(s.send)
}

func (h *Hub) remove(s *subscriber, code int, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.detachLocked(s, code, reason)
}

// Subscription is a handle on one subscriber.
type Subscription struct {
	hub *Hub
	s   *subscriber
}

// Close ends the subscription and tells the client goodbye.
func (sub *Subscription) Close() error {
	h := sub.hub
	h.mu.Lock()
	delete(h.subs, sub.s.id)
	h.mu.Unlock()
	return sub.s.conn.Close(StatusNormal, "unsubscribed")
}
