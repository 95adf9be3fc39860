// Package wire reads length-prefixed frames from a stream in the background.
package wire

import (
	"bufio"
	"io"
	"sync"
)

// Frame is one message off the wire.
type Frame []byte

// Conn delivers frames from its reader goroutine.
type Conn struct {
	r      *bufio.Reader
	frames chan Frame
	errc   chan error

	closeOnce sync.Once
	closed    chan struct{}
}

// NewConn starts reading from r.
func NewConn(r io.Reader) *Conn {
	c := &Conn{
		r:      bufio.NewReader(r),
		frames: make(chan Frame),
		errc:   make(chan error, 1),
		closed: make(chan struct{}),
	}
	go c.readLoop()
	return c
}

// Frames delivers frames until the stream ends; then Err says why.
func (c *Conn) Frames() <-chan Frame { return c.frames }

// Err is the error that ended the stream, once Frames is closed.
func (c *Conn) Err() error {
	select {
	case err := <-c.errc:
		return err
	default:
		return nil
	}
}

// Close stops delivery.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return nil
}
