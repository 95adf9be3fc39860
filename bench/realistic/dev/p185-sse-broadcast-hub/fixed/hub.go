package ssehub

import (
	"errors"
	"log"
	"strconv"
	"sync"
	"time"
)

// ErrClosed is returned when subscribing to a Hub that has been closed.
var ErrClosed = errors.New("ssehub: hub closed")

// Option configures a Hub.
type Option func(*Hub)

// WithHistory sets how many recent events are retained for Last-Event-ID
// replay. Zero disables replay.
func WithHistory(n int) Option {
	return func(h *Hub) {
		if n >= 0 {
			h.historySize = n
		}
	}
}

// WithBufferSize sets how many live events may queue up for one subscriber
// before it is considered too slow and disconnected.
func WithBufferSize(n int) Option {
	return func(h *Hub) {
		if n > 0 {
			h.bufferSize = n
		}
	}
}

// WithHeartbeat sets the interval of keep-alive comments sent to idle
// clients. Zero disables heartbeats.
func WithHeartbeat(d time.Duration) Option {
	return func(h *Hub) { h.heartbeat = d }
}

// WithRetry sets the reconnection delay advertised to clients.
func WithRetry(d time.Duration) Option {
	return func(h *Hub) { h.retry = d }
}

// WithLogger sets the logger used for client errors.
func WithLogger(l *log.Logger) Option {
	return func(h *Hub) { h.logger = l }
}

// Hub fans out published events to every connected client. It implements
// http.Handler; each request becomes one subscription.
type Hub struct {
	historySize int
	bufferSize  int
	heartbeat   time.Duration
	retry       time.Duration
	logger      *log.Logger

	mu      sync.Mutex
	seq     uint64
	hist    history
	subs    map[*subscription]struct{}
	evicted uint64
	closed  bool
}

// New returns a Hub configured by opts.
func New(opts ...Option) *Hub {
	h := &Hub{
		historySize: 256,
		bufferSize:  32,
		heartbeat:   15 * time.Second,
		subs:        make(map[*subscription]struct{}),
	}
	for _, opt := range opts {
		opt(h)
	}
	h.hist = newHistory(h.historySize)
	return h
}

// Publish assigns the next ID to an event of the given type and delivers it
// to all current subscribers. Subscribers whose buffers are full are
// disconnected; they can catch up from history when they reconnect.
func (h *Hub) Publish(typ string, data []byte) Event {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	ev := Event{ID: strconv.FormatUint(h.seq, 10), Type: typ, Data: data}
	h.hist.add(ev)
	for s := range h.subs {
		select {
		case s.live <- ev:
		default:
			delete(h.subs, s)
			s.close()
			h.evicted++
		}
	}
	return ev
}

// Subscribers reports the number of connected clients.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Evicted reports how many clients were disconnected for falling behind.
func (h *Hub) Evicted() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.evicted
}

// Close disconnects all clients and rejects new ones.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for s := range h.subs {
		delete(h.subs, s)
		s.close()
	}
}

// subscribe registers a new subscription. The backlog after lastID is
// captured under the same lock that registers the subscription, so the
// client sees every event exactly once.
func (h *Hub) subscribe(lastID string) (*subscription, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	var backlog []Event
	if lastID != "" {
		var ok bool
		if backlog, ok = h.hist.since(lastID); !ok {
			backlog = h.hist.all()
		}
	}
	s := &subscription{
		live: make(chan Event, h.bufferSize),
		out:  make(chan Event),
		done: make(chan struct{}),
	}
	h.subs[s] = struct{}{}
	go s.forward(backlog)
	return s, nil
}

func (h *Hub) unsubscribe(s *subscription) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
	s.close()
}

// subscription delivers the replayed backlog followed by live events on out.
// Live events published while the backlog is being replayed wait in live.
type subscription struct {
	live chan Event
	out  chan Event
	done chan struct{}
	once sync.Once
}

func (s *subscription) close() {
	s.once.Do(func() { close(s.done) })
}

func (s *subscription) forward(backlog []Event) {
	defer close(s.out)
	for _, ev := range backlog {
		select {
		case s.out <- ev:
		case <-s.done:
			return
		}
	}
	for {
		select {
		case ev := <-s.live:
			select {
			case s.out <- ev:
			case <-s.done:
				return
			}
		case <-s.done:
			return
		}
	}
}
