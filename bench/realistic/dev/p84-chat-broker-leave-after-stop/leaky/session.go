package chat

import (
	"fmt"
	"io"
	"sync"
)

// Session pumps a member's messages to its connection.
type Session struct {
	b    *Broker
	name string
	room string
	w    io.Writer

	mu   sync.Mutex
	seen int
}

// NewSession prepares a session for name in room writing to w.
func NewSession(b *Broker, name, room string, w io.Writer) *Session {
	return &Session{b: b, name: name, room: room, w: w}
}

// Serve joins the room and writes messages until the member is disconnected.
func (s *Session) Serve(joined chan<- struct{}) {
	m := s.b.Join(s.name, s.room)
	defer s.b.Leave(m)
	if joined != nil {
		joined <- struct{}{}
	}
	for msg := range m.Out {
		if msg.From == s.name {
			continue
		}
		if _, err := fmt.Fprintf(s.w, "[%s] %s: %s\n", msg.Room, msg.From, msg.Text); err != nil {
			return
		}
		s.mu.Lock()
		s.seen++
		s.mu.Unlock()
	}
}

// Seen reports how many messages were written.
func (s *Session) Seen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seen
}
