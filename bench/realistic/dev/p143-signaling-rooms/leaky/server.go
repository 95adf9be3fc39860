// Package signaling relays WebRTC session descriptions between the peers of a
// call room: a caller sends an offer to another peer in the same room and
// waits for that peer's answer.
package signaling

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Errors returned by the signaling server.
var (
	ErrClosed      = errors.New("signaling: server closed")
	ErrNoAnswer    = errors.New("signaling: callee did not answer in time")
	ErrUnknownPeer = errors.New("signaling: no such peer in room")
	ErrDuplicateID = errors.New("signaling: peer ID already in room")
)

// outboxSize is how many undelivered offers a peer may have queued before
// further offers to it are dropped.
const outboxSize = 16

// Option configures a Server.
type Option func(*Server)

// WithAnswerTimeout bounds how long Call waits for the callee's answer.
func WithAnswerTimeout(d time.Duration) Option {
	return func(s *Server) { s.answerTimeout = d }
}

// Server owns the rooms. Each room serializes its signaling on one goroutine.
type Server struct {
	answerTimeout time.Duration
	callSeq       atomic.Uint64

	mu     sync.Mutex
	rooms  map[string]*room
	closed bool
}

// NewServer returns a Server with no rooms.
func NewServer(opts ...Option) *Server {
	s := &Server{
		answerTimeout: 10 * time.Second,
		rooms:         make(map[string]*room),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Join adds a peer to the named room, creating the room on first use.
func (s *Server) Join(roomName, peerID string) (*Peer, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	r, ok := s.rooms[roomName]
	if !ok {
		r = newRoom(roomName)
		s.rooms[roomName] = r
		go r.run()
	}
	s.mu.Unlock()

	p := &Peer{
		ID:     peerID,
		server: s,
		room:   r,
		out:    make(chan Message, outboxSize),
	}
	reply := make(chan error, 1)
	if err := r.submit(request{kind: kindJoin, peer: p, reply: reply}); err != nil {
		return nil, err
	}
	if err := <-reply; err != nil {
		return nil, fmt.Errorf("join %s/%s: %w", roomName, peerID, err)
	}
	return p, nil
}

// Close shuts down every room. Peers still connected get ErrClosed.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for name, r := range s.rooms {
		close(r.quit)
		delete(s.rooms, name)
	}
}
