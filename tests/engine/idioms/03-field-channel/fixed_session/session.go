package fixed_session

import "sync"

// run: s := Open(""); s.Publish(Event{Kind: "login"}); _ = s.Close()

// Event is one change to a user's session.
type Event struct {
	Kind string
	Data map[string]string
}

// Session applies events in order on its own goroutine.
type Session struct {
	user   string
	events chan Event
	mu     sync.Mutex
	state  map[string]string
	dirty  bool
}

func Open(user string) *Session {
	s := &Session{user: user, events: make(chan Event, 16), state: map[string]string{}}
	go s.pump()
	return s
}

func (s *Session) Publish(ev Event) {
	s.mu.Lock()
	s.dirty = true
	s.mu.Unlock()
	s.events <- ev
}
