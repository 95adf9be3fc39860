// Package chat keeps the members of chat rooms and fans their messages out. Each
// member has an outgoing queue drained by its own writer, so one slow connection
// does not hold up the room.
package chat

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Errors returned by Room methods.
var (
	ErrNameTaken  = errors.New("chat: name already in the room")
	ErrNotMember  = errors.New("chat: not in the room")
	ErrRoomClosed = errors.New("chat: room closed")
)

// Message is one line of chat.
type Message struct {
	From string
	Text string
	At   time.Time
}

// Option configures a Room.
type Option func(*Room)

// WithQueueLen sets how many messages may wait for a member's writer before the
// member is dropped as too slow.
func WithQueueLen(n int) Option { return func(r *Room) { r.queueLen = n } }

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(r *Room) { r.now = now } }

// Room is one chat room.
type Room struct {
	Name     string
	queueLen int
	now      func() time.Time

	mu      sync.Mutex
	members map[string]*member
	closed  bool
}

// NewRoom makes an empty room.
func NewRoom(name string, opts ...Option) *Room {
	r := &Room{Name: name, queueLen: 32, now: time.Now, members: make(map[string]*member)}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Join adds a member whose messages are written to conn.
func (r *Room) Join(name string, conn Conn) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return ErrRoomClosed
	}
	if _, dup := r.members[name]; dup {
		return fmt.Errorf("%w: %q", ErrNameTaken, name)
	}
	m := newMember(name, conn, r.queueLen)
	r.members[name] = m
	go m.writeLoop()
	r.broadcastLocked(Message{From: "*", Text: name + " joined", At: r.now()})
	return nil
}

// Leave removes a member, e.g. when its connection is closed by the client.
func (r *Room) Leave(name string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[name]; !ok {
		return fmt.Errorf("%w: %q", ErrNotMember, name)
	}
	delete(r.members, name)
	r.broadcastLocked(Message{From: "*", Text: name + " left", At: r.now()})
	return nil
}

// Say sends text from a member to everyone in the room.
func (r *Room) Say(from, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[from]; !ok {
		return fmt.Errorf("%w: %q", ErrNotMember, from)
	}
	r.broadcastLocked(Message{From: from, Text: text, At: r.now()})
	return nil
}

func (r *Room) broadcastLocked(msg Message) {
	for _, m := range r.members {
		select {
		case m.send <- msg:
		default:
			r.dropLocked(m) // too slow to keep up
		}
	}
}

func (r *Room) dropLocked(m *member) {
	delete(r.members, m.name)
	close(m.send)
}

// Close disconnects everyone.
func (r *Room) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	for _, m := range r.members {
		r.dropLocked(m)
	}
}
