package gqlsub

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
)

// Message is one frame of the subscription protocol (a subset of graphql-ws).
type Message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// ErrConnClosed is returned by a Conn once either side has closed it.
var ErrConnClosed = errors.New("gqlsub: connection closed")

// Conn is a bidirectional message transport, such as a websocket.
type Conn interface {
	ReadMessage(ctx context.Context) (Message, error)
	WriteMessage(ctx context.Context, m Message) error
	Close() error
}

type pipeConn struct {
	in     <-chan Message
	out    chan<- Message
	closed chan struct{}
	once   *sync.Once
}

// Pipe returns the two ends of an in-memory connection, for in-process
// clients and tests.
func Pipe() (client, server Conn) {
	up := make(chan Message, 16)
	down := make(chan Message, 16)
	closed, once := make(chan struct{}), new(sync.Once)
	return &pipeConn{down, up, closed, once}, &pipeConn{up, down, closed, once}
}

func (c *pipeConn) ReadMessage(ctx context.Context) (Message, error) {
	select {
	case m := <-c.in:
		return m, nil
	case <-c.closed:
		return Message{}, ErrConnClosed
	case <-ctx.Done():
		return Message{}, ctx.Err()
	}
}

func (c *pipeConn) WriteMessage(ctx context.Context, m Message) error {
	select {
	case c.out <- m:
		return nil
	case <-c.closed:
		return ErrConnClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *pipeConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}
