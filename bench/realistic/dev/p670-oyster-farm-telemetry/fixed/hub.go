// Package telemetry distributes sensor readings from oyster farm buoys to
// the parts of the farm system that watch them: dashboards, loggers and
// the water-quality alert monitor.
package telemetry

import (
	"errors"
	"sync"
	"time"
)

// Metric names a measured water property.
type Metric string

// Metrics reported by the farm buoys.
const (
	WaterTemp       Metric = "water_temp_c"
	Salinity        Metric = "salinity_psu"
	DissolvedOxygen Metric = "dissolved_oxygen_mg_l"
	Turbidity       Metric = "turbidity_ntu"
)

// Reading is one measurement taken by a buoy over a lease.
type Reading struct {
	Lease  string
	Buoy   string
	Metric Metric
	Value  float64
	At     time.Time
}

// Filter selects the readings a subscriber wants. A nil Filter accepts
// every reading.
type Filter func(Reading) bool

// ForLease returns a Filter accepting readings from one lease.
func ForLease(lease string) Filter {
	return func(r Reading) bool { return r.Lease == lease }
}

// ErrHubClosed is returned when publishing to or subscribing on a closed hub.
var ErrHubClosed = errors.New("telemetry: hub closed")

// Hub fans readings out to subscribers. Publishing never blocks: a
// subscriber whose buffer is full misses the reading, and the miss is
// counted on its subscription.
type Hub struct {
	mu     sync.RWMutex
	subs   map[uint64]*Subscription
	nextID uint64
	closed bool
	buffer int
}

// NewHub returns a hub whose subscriptions buffer up to buffer readings.
func NewHub(buffer int) *Hub {
	if buffer < 1 {
		buffer = 1
	}
	return &Hub{subs: make(map[uint64]*Subscription), buffer: buffer}
}

// Subscription delivers the readings accepted by its filter.
type Subscription struct {
	hub     *Hub
	id      uint64
	filter  Filter
	ch      chan Reading
	mu      sync.Mutex
	dropped int
	once    sync.Once
}

// C returns the channel readings are delivered on.
func (s *Subscription) C() <-chan Reading { return s.ch }

// Dropped reports how many readings were missed because the buffer was full.
func (s *Subscription) Dropped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Cancel stops delivery to the subscription. It is safe to call more
// than once.
func (s *Subscription) Cancel() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		defer s.hub.mu.Unlock()
		if _, ok := s.hub.subs[s.id]; !ok {
			return
		}
		delete(s.hub.subs, s.id)
		close(s.ch)
	})
}

// Subscribe registers a new subscription for readings accepted by f.
func (h *Hub) Subscribe(f Filter) (*Subscription, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	h.nextID++
	s := &Subscription{
		hub:    h,
		id:     h.nextID,
		filter: f,
		ch:     make(chan Reading, h.buffer),
	}
	h.subs[s.id] = s
	return s, nil
}

// Publish delivers r to every subscription whose filter accepts it.
func (h *Hub) Publish(r Reading) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return ErrHubClosed
	}
	for _, s := range h.subs {
		if s.filter != nil && !s.filter(r) {
			continue
		}
		select {
		case s.ch <- r:
		default:
			s.mu.Lock()
			s.dropped++
			s.mu.Unlock()
		}
	}
	return nil
}

// Subscribers reports the number of live subscriptions.
func (h *Hub) Subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subs)
}

// Close ends every subscription and rejects further publishing.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for id, s := range h.subs {
		close(s.ch)
		delete(h.subs, id)
	}
}
