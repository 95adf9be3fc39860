package gateway

import (
	"encoding/json"
	"sync/atomic"
)

// session is one attached client connection and its subscriptions. The
// symbols set is guarded by the Gateway's mutex; out is closed by the
// Gateway when the session is removed.
type session struct {
	id      string
	conn    Conn
	out     chan Quote
	symbols map[string]struct{}

	// failed is set once a write to conn has failed; later quotes are
	// discarded until the session is removed.
	failed int32
}

func newSession(id string, conn Conn, buffer int) *session {
	return &session{
		id:      id,
		conn:    conn,
		out:     make(chan Quote, buffer),
		symbols: make(map[string]struct{}),
	}
}

// frame is the wire format sent to clients.
type frame struct {
	Type  string `json:"type"`
	Quote Quote  `json:"data"`
}

// writeLoop writes queued quotes to the connection until out is closed, then
// closes the connection.
func (s *session) writeLoop() {
	defer s.conn.Close()
	for q := range s.out { // leak: session replaced by Attach keeps its channel open
		if atomic.LoadInt32(&s.failed) != 0 {
			continue
		}
		data, err := json.Marshal(frame{Type: "quote", Quote: q})
		if err != nil {
			continue
		}
		if err := s.conn.WriteMessage(data); err != nil {
			atomic.StoreInt32(&s.failed, 1)
		}
	}
}
