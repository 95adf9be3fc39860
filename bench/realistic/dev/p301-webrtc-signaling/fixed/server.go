package signaling

import (
	"fmt"
	"sort"
	"sync"
)

// Server pairs peers in rooms and relays signaling messages between them.
// It is safe for concurrent use.
type Server struct {
	opts options

	mu     sync.Mutex
	rooms  map[string]*room
	closed bool
}

type room struct {
	id    string
	peers map[string]*peer
}

// others returns the peers in r other than id, in a stable order.
func (r *room) others(id string) []*peer {
	ps := make([]*peer, 0, len(r.peers))
	for pid, p := range r.peers {
		if pid != id {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].id < ps[j].id })
	return ps
}

// NewServer returns a Server configured by opts.
func NewServer(opts ...Option) *Server {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	return &Server{opts: o, rooms: make(map[string]*room)}
}

// Join adds the client identified by peerID to roomID and returns its
// Session. Every other peer in the room is told that peerID joined.
//
// If a peer with the same ID is already in the room (typically a client that
// reconnected after a network change before its old socket timed out), the
// new session takes its place and the old session's Leave becomes a no-op for
// the room.
func (s *Server) Join(roomID, peerID string, conn Conn) (*Session, error) {
	if roomID == "" || peerID == "" {
		return nil, fmt.Errorf("join: empty room or peer id: %w", ErrInvalidMessage)
	}
	p := newPeer(peerID, conn, s.opts)

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrServerClosed
	}
	r, ok := s.rooms[roomID]
	if !ok {
		r = &room{id: roomID, peers: make(map[string]*peer)}
		s.rooms[roomID] = r
	}
	_, rejoin := r.peers[peerID]
	if !rejoin && len(r.peers) >= s.opts.maxPeers {
		s.mu.Unlock()
		return nil, fmt.Errorf("join room %q: %w", roomID, ErrRoomFull)
	}
	r.peers[peerID] = p
	others := r.others(peerID)
	p.start()
	s.mu.Unlock()

	for _, o := range others {
		if err := o.enqueue(Message{Type: TypePeerJoined, Room: roomID, From: peerID}); err != nil {
			s.opts.logf("signaling: notify %s of %s: %v", o.id, peerID, err)
		}
	}
	return &Session{srv: s, roomID: roomID, peer: p}, nil
}

// Close disconnects every peer and rejects further joins. Messages already
// queued are still delivered.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	var all []*peer
	for _, r := range s.rooms {
		for _, p := range r.peers {
			all = append(all, p)
		}
	}
	s.rooms = make(map[string]*room)
	s.mu.Unlock()

	for _, p := range all {
		p.close()
	}
}

// Session is one peer's membership of a room.
type Session struct {
	srv    *Server
	roomID string
	peer   *peer
}

// ID returns the peer ID of the session.
func (s *Session) ID() string { return s.peer.id }

// Relay forwards an offer, answer or ICE candidate to m.To in the same room.
// The From and Room fields are filled in by the server.
func (s *Session) Relay(m Message) error {
	if err := validateRelay(m); err != nil {
		return err
	}
	m.From = s.peer.id
	m.Room = s.roomID

	s.srv.mu.Lock()
	r, ok := s.srv.rooms[s.roomID]
	if !ok || r.peers[s.peer.id] != s.peer {
		s.srv.mu.Unlock()
		return ErrSessionClosed
	}
	target, ok := r.peers[m.To]
	s.srv.mu.Unlock()
	if !ok {
		return fmt.Errorf("relay %s to %q: %w", m.Type, m.To, ErrUnknownPeer)
	}
	if err := target.enqueue(m); err != nil {
		return fmt.Errorf("relay %s to %q: %w", m.Type, m.To, err)
	}
	return nil
}

// Leave removes the session from its room and tells the remaining peers.
// It is safe to call more than once.
func (s *Session) Leave() {
	s.srv.mu.Lock()
	r, ok := s.srv.rooms[s.roomID]
	if !ok || r.peers[s.peer.id] != s.peer {
		// Already gone, or replaced by a newer session for the same peer.
		s.srv.mu.Unlock()
		s.peer.close()
		return
	}
	delete(r.peers, s.peer.id)
	others := r.others(s.peer.id)
	if len(r.peers) == 0 {
		delete(s.srv.rooms, s.roomID)
	}
	s.srv.mu.Unlock()

	s.peer.close()
	for _, o := range others {
		if err := o.enqueue(Message{Type: TypePeerLeft, Room: s.roomID, From: s.peer.id}); err != nil {
			s.srv.opts.logf("signaling: notify %s of %s leaving: %v", o.id, s.peer.id, err)
		}
	}
}

// Done is closed once every message queued for this session has been
// written (or dropped after a transport error) following Leave.
func (s *Session) Done() <-chan struct{} { return s.peer.done }
