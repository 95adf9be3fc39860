package fixedcleanupunlessclosed

import (
	"net"
	"sync/atomic"
)

// A flag set once: TrySet reports whether this call set it.
type flag struct{ v uint32 }

func (f *flag) TrySet() bool { return atomic.SwapUint32(&f.v, 1) == 0 }

// A connection whose watcher runs until cleanup closes closech. cleanup returns early
// only when the connection was already cleaned up, so the failed handshake's call
// closes closech and the watcher ends.
type conn struct {
	nc      net.Conn
	closed  flag
	closech chan struct{}
	cancels chan func()
}

func dial(addr string, handshake func(net.Conn) error) (*conn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &conn{nc: nc, closech: make(chan struct{}), cancels: make(chan func(), 1)}
	go c.watch()
	if err := handshake(nc); err != nil {
		c.cleanup()
		return nil, err
	}
	return c, nil
}

func (c *conn) watch() {
	for {
		select {
		case cancel := <-c.cancels:
			cancel()
		case <-c.closech:
			return
		}
	}
}

func (c *conn) cleanup() {
	if !c.closed.TrySet() {
		return
	}
	close(c.closech)
	c.nc.Close()
}

// Close ends the connection.
func (c *conn) Close() error {
	c.cleanup()
	return nil
}
