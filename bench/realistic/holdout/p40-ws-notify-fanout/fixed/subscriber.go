package notify

import (
	"context"
	"fmt"
)

// Conn is the part of a websocket connection the hub needs.
type Conn interface {
	WriteMessage(ctx context.Context, data []byte) error
	Close(code int, reason string) error
}

type subscriber struct {
	id     uint64
	conn   Conn
	topics map[string]bool
	send   chan []byte

	// Set under the hub's lock before send is closed.
	closeCode   int
	closeReason string
}

func newSubscriber(id uint64, conn Conn, topics []string, buf int) *subscriber {
	s := &subscriber{id: id, conn: conn, topics: make(map[string]bool), send: make(chan []byte, buf)}
	for _, t := range topics {
		s.topics[t] = true
	}
	return s
}

// writeLoop copies buffered messages to the connection until send is closed
// or a write fails, then closes the connection.
func (s *subscriber) writeLoop(h *Hub) {
	for data := range s.send {
		ctx, cancel := context.WithTimeout(context.Background(), h.writeTimeout)
		err := s.conn.WriteMessage(ctx, data)
		cancel()
		if err != nil {
			h.logf("notify: subscriber %d: %v", s.id, fmt.Errorf("write: %w", err))
			h.remove(s, StatusServerError, "write failed")
			s.conn.Close(StatusServerError, "write failed")
			return
		}
	}
	s.conn.Close(s.closeCode, s.closeReason)
}
