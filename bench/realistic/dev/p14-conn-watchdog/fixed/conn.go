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

	// Closing the connection is the only way to interrupt a blocked read;
	// finished tells the watchdog the call is over and it can go.
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			c.conn.Close()
		case <-finished:
		}
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
