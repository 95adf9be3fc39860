package alerts

import (
	"sync"
	"sync/atomic"
	"time"
)

// Alert is a monitoring notification.
type Alert struct {
	Service  string
	Severity string
	Message  string
	At       time.Time
}

// Subscription receives alerts for one service.
type Subscription struct {
	id      uint64
	service string
	ch      chan Alert
	dropped atomic.Int64
}

// C returns the delivery channel.
func (s *Subscription) C() <-chan Alert { return s.ch }

// Dropped reports how many alerts were discarded because the subscriber was slow.
func (s *Subscription) Dropped() int64 { return s.dropped.Load() }

// Hub fans alerts out to subscribers by service name.
type Hub struct {
	mu     sync.Mutex
	nextID uint64
	subs   map[string]map[uint64]*Subscription
	buf    int
}

// NewHub returns a Hub whose subscriptions buffer up to buf alerts.
func NewHub(buf int) *Hub {
	if buf < 1 {
		buf = 1
	}
	return &Hub{subs: map[string]map[uint64]*Subscription{}, buf: buf}
}

// Subscribe registers interest in alerts for service ("*" for all).
func (h *Hub) Subscribe(service string) *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	s := &Subscription{id: h.nextID, service: service, ch: make(chan Alert, h.buf)}
	if h.subs[service] == nil {
		h.subs[service] = map[uint64]*Subscription{}
	}
	h.subs[service][s.id] = s
	return s
}

// Unsubscribe stops deliveries to s.
func (h *Hub) Unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.subs[s.service]
	if _, ok := m[s.id]; !ok {
		return
	}
	delete(m, s.id)
	close(s.ch)
	if len(m) == 0 {
		delete(h.subs, s.service)
	}
}

// Publish delivers a to matching subscribers without blocking.
func (h *Hub) Publish(a Alert) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, key := range []string{a.Service, "*"} {
		for _, s := range h.subs[key] {
			select {
			case s.ch <- a:
				n++
			default:
				s.dropped.Add(1)
			}
		}
	}
	return n
}
