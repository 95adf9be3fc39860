package gatedirect

import (
	"errors"
	"sync"
)

// run: c := &Conn{}; _ = c.Connect(false); go c.Send("hello")

// Conn re-dials on demand; senders wait until the link is up.
type Conn struct {
	mu   sync.Mutex
	up   chan struct{}
	sent []string
}

var errRefused = errors.New("conn: refused")

func dial(ok bool) error {
	if !ok {
		return errRefused
	}
	return nil
}

func (c *Conn) Connect(ok bool) error {
	c.up = make(chan struct{})
	if err := dial(ok); err != nil {
		return err
	}
	close(c.up)
	return nil
}

func (c *Conn) Send(msg string) {
	<-c.up // want "`Send` can wait forever on `c.up`: `Connect` makes the `up` channel anew and leaves at line 29 without closing it"
	c.mu.Lock()
	c.sent = append(c.sent, msg)
	c.mu.Unlock()
}
