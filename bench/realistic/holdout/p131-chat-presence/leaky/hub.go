package presence

import (
	"errors"
	"fmt"
	"sync"
)

// ErrClosed is returned when subscribing to a closed hub.
var ErrClosed = errors.New("presence: hub closed")

// Subscription delivers presence changes to one client session.
type Subscription struct {
	session string
	hub     *hub
	mb      *mailbox
	fn      func(Change)
	onPanic func(session string, v interface{})
}

// Session returns the session id the subscription belongs to.
func (s *Subscription) Session() string { return s.session }

// Cancel stops delivery. It is safe to call more than once.
func (s *Subscription) Cancel() {
	s.hub.remove(s)
	s.mb.close()
}

func (s *Subscription) run() {
	for {
		c, ok := s.mb.pop()
		if !ok {
			return
		}
		s.deliver(c)
	}
}

// deliver calls the session's callback, containing a panic so one broken
// session cannot take the whole presence service down.
func (s *Subscription) deliver(c Change) {
	defer func() {
		if v := recover(); v != nil && s.onPanic != nil {
			s.onPanic(s.session, v)
		}
	}()
	s.fn(c)
}

// hub fans changes out to subscriptions keyed by session id. A client that
// reconnects subscribes again under the same session id and takes over.
type hub struct {
	mu      sync.Mutex
	subs    map[string]*Subscription
	closed  bool
	limit   int
	onPanic func(string, interface{})
}

func newHub(limit int, onPanic func(string, interface{})) *hub {
	return &hub{subs: make(map[string]*Subscription), limit: limit, onPanic: onPanic}
}

func (h *hub) subscribe(session string, fn func(Change)) (*Subscription, error) {
	if session == "" || fn == nil {
		return nil, fmt.Errorf("presence: subscribe %q: session and callback are required", session)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	s := &Subscription{session: session, hub: h, mb: newMailbox(h.limit), fn: fn, onPanic: h.onPanic}
	h.subs[session] = s
	go s.run()
	return s, nil
}

// remove drops s from the hub unless it has already been replaced by a
// newer subscription for the same session.
func (h *hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[s.session] == s {
		delete(h.subs, s.session)
	}
}

// publish queues c for every subscription and returns how many accepted it.
func (h *hub) publish(c Change) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, s := range h.subs {
		if s.mb.push(c) {
			n++
		}
	}
	return n
}

// close stops every subscription. Already queued changes are still
// delivered.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	for id, s := range h.subs {
		s.mb.close()
		delete(h.subs, id)
	}
}
