package deletedfrommapofitstype

import (
	"sync"
	"time"
)

// run: h := NewHub(); s := h.Subscribe("a", nopConn{}); h.Publish([]byte("x")); h.Unsubscribe(s); time.Sleep(100 * time.Millisecond)

type Conn interface {
	Write([]byte) error
	Close() error
}

type nopConn struct{}

func (nopConn) Write([]byte) error { return nil }
func (nopConn) Close() error       { return nil }

// Sub is one subscriber; its writer goroutine drains send into the connection.
type Sub struct {
	id     string
	send   chan []byte
	conn   Conn
	joined time.Time
}

func newSub(id string, conn Conn) *Sub {
	s := &Sub{id: id, send: make(chan []byte, 16), conn: conn, joined: time.Now()}
	go s.writer()
	return s
}

func (s *Sub) writer() {
	for msg := range s.send { // want "goroutine `writer` never finishes ranging over `s.send`: `Unsubscribe` deletes its entry from `subs`"
		if err := s.conn.Write(msg); err != nil {
			return
		}
	}
}

// Hub fans messages out to its subscribers, keyed by id.
type Hub struct {
	mu   sync.Mutex
	subs map[string]*Sub
}

func NewHub() *Hub { return &Hub{subs: map[string]*Sub{}} }

func (h *Hub) Subscribe(id string, conn Conn) *Sub {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := newSub(id, conn)
	h.subs[id] = s
	return s
}

func (h *Hub) Publish(msg []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.subs {
		select {
		case s.send <- msg:
		default:
			h.evictLocked(s)
		}
	}
}

// evictLocked drops a subscriber too slow to keep up.
func (h *Hub) evictLocked(s *Sub) {
	delete(h.subs, s.id)
	close(s.send)
}

// Unsubscribe removes the subscription and closes its connection.
func (h *Hub) Unsubscribe(s *Sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s.id)
	s.conn.Close()
}
