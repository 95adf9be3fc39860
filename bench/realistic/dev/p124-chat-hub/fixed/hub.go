// Package chat implements the room bookkeeping of a chat server: joining and
// leaving rooms, broadcasting, and dropping clients that cannot keep up.
package chat

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

var (
	// ErrNameTaken is returned by Join when the name is in use in the room.
	ErrNameTaken = errors.New("chat: name already taken")
	// ErrHubClosed is returned after Close.
	ErrHubClosed = errors.New("chat: hub closed")
	// ErrNoRoom is returned by Broadcast for a room nobody is in.
	ErrNoRoom = errors.New("chat: no such room")
)

// Option configures a Hub.
type Option func(*Hub)

// WithSendBuffer sets how many messages may queue for a client before it is
// considered too slow and dropped.
func WithSendBuffer(n int) Option { return func(h *Hub) { h.buffer = n } }

// WithWriteTimeout bounds each write to a client connection.
func WithWriteTimeout(d time.Duration) Option { return func(h *Hub) { h.writeTimeout = d } }

// WithDropHandler registers f to be called with each client dropped for being slow.
func WithDropHandler(f func(c *Client)) Option { return func(h *Hub) { h.onDrop = f } }

// Hub tracks rooms and their clients.
type Hub struct {
	buffer       int
	writeTimeout time.Duration
	onDrop       func(*Client)
	now          func() time.Time

	mu     sync.Mutex
	rooms  map[string]map[string]*Client
	closed bool
}

// NewHub returns an empty hub.
func NewHub(opts ...Option) *Hub {
	h := &Hub{
		buffer:       32,
		writeTimeout: 5 * time.Second,
		onDrop:       func(*Client) {},
		now:          time.Now,
		rooms:        make(map[string]map[string]*Client),
	}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Join adds a participant called name to room and starts writing to conn.
func (h *Hub) Join(room, name string, conn Conn) (*Client, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrHubClosed
	}
	members := h.rooms[room]
	if members == nil {
		members = make(map[string]*Client)
		h.rooms[room] = members
	}
	if _, taken := members[name]; taken {
		return nil, fmt.Errorf("join %q as %q: %w", room, name, ErrNameTaken)
	}
	c := newClient(name, room, conn, h.buffer, h.writeTimeout)
	members[name] = c
	h.broadcastLocked(room, "", name+" joined")
	return c, nil
}

// Leave removes c from its room. It is a no-op if c was already dropped.
func (h *Hub) Leave(c *Client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.removeLocked(c) {
		return
	}
	close(c.send)
	h.broadcastLocked(c.room, "", c.Name+" left")
}

// Broadcast sends text from a participant to everyone in room.
func (h *Hub) Broadcast(room, from, text string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrHubClosed
	}
	if len(h.rooms[room]) == 0 {
		return fmt.Errorf("broadcast to %q: %w", room, ErrNoRoom)
	}
	h.broadcastLocked(room, from, text)
	return nil
}

// Close disconnects every client.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, members := range h.rooms {
		for _, c := range members {
			h.disconnectLocked(c)
		}
	}
}

func (h *Hub) broadcastLocked(room, from, text string) {
	m := Message{Room: room, From: from, Text: text, At: h.now()}
	for _, c := range h.rooms[room] {
		select {
		case c.send <- m:
		default:
			h.disconnectLocked(c)
			h.onDrop(c)
		}
	}
}

// removeLocked takes c out of its room and reports whether it was there.
func (h *Hub) removeLocked(c *Client) bool {
	members := h.rooms[c.room]
	if members[c.Name] != c {
		return false
	}
	delete(members, c.Name)
	if len(members) == 0 {
		delete(h.rooms, c.room)
	}
	return true
}

// disconnectLocked removes c and stops its writer.
func (h *Hub) disconnectLocked(c *Client) {
	if h.removeLocked(c) {
		close(c.send)
	}
}
