package notify

import (
	"errors"
	"io"
	"sync"
)

// Conn is a message-oriented connection to one subscriber, such as a
// websocket. Reads and writes may happen concurrently.
type Conn interface {
	ReadMessage() ([]byte, error)
	WriteMessage(msg []byte) error
	Close() error
}

// ErrConnClosed is returned by operations on a connection closed locally.
var ErrConnClosed = errors.New("notify: connection closed")

// memConn is one end of an in-memory connection.
type memConn struct {
	in     <-chan []byte
	out    chan<- []byte
	closed chan struct{}
	peer   <-chan struct{}
	once   sync.Once
}

// Pipe returns the two ends of an in-memory connection.
func Pipe() (Conn, Conn) {
	ab, ba := make(chan []byte, 8), make(chan []byte, 8)
	aClosed, bClosed := make(chan struct{}), make(chan struct{})
	a := &memConn{in: ba, out: ab, closed: aClosed, peer: bClosed}
	b := &memConn{in: ab, out: ba, closed: bClosed, peer: aClosed}
	return a, b
}

func (c *memConn) ReadMessage() ([]byte, error) {
	select {
	case m := <-c.in:
		return m, nil
	case <-c.closed:
		return nil, ErrConnClosed
	case <-c.peer:
		return nil, io.EOF
	}
}

func (c *memConn) WriteMessage(msg []byte) error {
	select {
	case c.out <- msg:
		return nil
	case <-c.closed:
		return ErrConnClosed
	case <-c.peer:
		return io.ErrClosedPipe
	}
}

func (c *memConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}
