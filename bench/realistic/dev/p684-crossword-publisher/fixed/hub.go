package syndication

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Edition is a rendered puzzle ready for delivery.
type Edition struct {
	PuzzleID string
	Date     time.Time
	Body     []byte
}

// Partner is a syndication customer. Deliver is called from a goroutine
// dedicated to that partner, one edition at a time.
type Partner interface {
	Name() string
	Deliver(ctx context.Context, e Edition) error
}

// ErrHubClosed is returned by Subscribe and Publish after Close.
var ErrHubClosed = errors.New("syndication: hub closed")

// HubOption configures a Hub.
type HubOption func(*Hub)

// Backlog sets how many editions may queue for a partner before new ones
// are dropped for that partner.
func Backlog(n int) HubOption { return func(h *Hub) { h.backlog = n } }

// Retries sets how many times a failed delivery is retried, waiting
// backoff between attempts.
func Retries(n int, backoff time.Duration) HubOption {
	return func(h *Hub) { h.retries, h.backoff = n, backoff }
}

// DeliveryTimeout bounds a single delivery attempt.
func DeliveryTimeout(d time.Duration) HubOption { return func(h *Hub) { h.timeout = d } }

// Logf sets a printf-style logger.
func Logf(f func(string, ...any)) HubOption { return func(h *Hub) { h.logf = f } }

type subscription struct {
	partner Partner
	ch      chan Edition
	done    chan struct{}
}

// Hub fans published editions out to partners.
type Hub struct {
	backlog int
	retries int
	backoff time.Duration
	timeout time.Duration
	logf    func(string, ...any)

	mu     sync.Mutex
	subs   map[int]*subscription
	nextID int
	closed bool
}

// NewHub returns an empty hub.
func NewHub(opts ...HubOption) *Hub {
	h := &Hub{
		backlog: 8,
		retries: 2,
		backoff: 500 * time.Millisecond,
		timeout: 10 * time.Second,
		logf:    func(string, ...any) {},
		subs:    make(map[int]*subscription),
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Subscribe starts delivering future editions to p. The returned function
// ends the subscription; it is safe to call more than once.
func (h *Hub) Subscribe(p Partner) (unsubscribe func(), err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	id := h.nextID
	h.nextID++
	s := &subscription{partner: p, ch: make(chan Edition, h.backlog), done: make(chan struct{})}
	h.subs[id] = s
	go h.deliver(s)

	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if _, ok := h.subs[id]; ok {
			delete(h.subs, id)
			close(s.ch)
			h.logf("syndication: %s unsubscribed", p.Name())
		}
	}, nil
}

// Publish validates and renders pz and queues it for every partner. It
// returns the number of partners it was queued for; partners whose backlog
// is full miss this edition.
func (h *Hub) Publish(pz Puzzle) (int, error) {
	if err := pz.Validate(); err != nil {
		return 0, err
	}
	ed := Edition{PuzzleID: pz.ID, Date: pz.Date, Body: Render(pz)}

	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return 0, ErrHubClosed
	}
	queued := 0
	for _, s := range h.subs {
		select {
		case s.ch <- ed:
			queued++
		default:
			h.logf("syndication: %s backlog full, dropping %s", s.partner.Name(), pz.ID)
		}
	}
	return queued, nil
}

// Close stops accepting editions, lets every partner drain its backlog,
// and waits for deliveries in progress.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	subs := h.subs
	h.subs = nil
	for _, s := range subs {
		close(s.ch)
	}
	h.mu.Unlock()

	for _, s := range subs {
		<-s.done
	}
}

func (h *Hub) deliver(s *subscription) {
	defer close(s.done)
	for ed := range s.ch {
		h.send(s.partner, ed)
	}
}

func (h *Hub) send(p Partner, ed Edition) {
	for attempt := 0; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), h.timeout)
		err := p.Deliver(ctx, ed)
		cancel()
		if err == nil {
			return
		}
		if attempt >= h.retries {
			h.logf("syndication: giving up on %s for %s: %v", ed.PuzzleID, p.Name(), err)
			return
		}
		time.Sleep(h.backoff)
	}
}
