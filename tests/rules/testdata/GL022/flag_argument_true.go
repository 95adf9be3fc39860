package tcp

import (
	"errors"
	"sync"
)

type conn struct {
	mu  sync.Mutex
	err error
}

func (c *conn) handshake() error { return errors.New("handshake failed") }

// run returns before it signals `ready` when its handshake fails.
func (c *conn) run(handshake bool, ready chan<- struct{}) {
	c.mu.Lock()
	if handshake {
		if err := c.handshake(); err != nil {
			c.err = err
			c.mu.Unlock()
			return
		}
	}
	c.mu.Unlock()
	close(ready)
}

// Passing `true` keeps the early return: a failed handshake leaves `ready` open.
func (c *conn) dial() {
	ready := make(chan struct{})
	go c.run(true, ready)
	<-ready // want "`dial` blocks forever receiving from `ready`: the goroutine started at line 32 returns at line 22 without"
}
