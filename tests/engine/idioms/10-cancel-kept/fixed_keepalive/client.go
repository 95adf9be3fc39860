package fixed_keepalive

import (
	"context"
	"errors"
	"strings"
)

// run: c, err := Dial("tcp://broker:1883"); if err == nil { c.Close() }

// Client is a connection to a message broker with a keep-alive goroutine.
type Client struct {
	addr   string
	pings  chan struct{}
	cancel context.CancelFunc
	closed bool
}

func (c *Client) handshake() error {
	if !strings.HasPrefix(c.addr, "tcp://") {
		return errors.New("unsupported scheme in " + c.addr)
	}
	return nil
}

// Dial connects and keeps the connection alive until Close.
func Dial(addr string) (*Client, error) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{addr: addr, pings: make(chan struct{}, 1), cancel: cancel}
	go c.keepAlive(ctx)
	if err := c.handshake(); err != nil {
		cancel()
		return nil, err
	}
	return c, nil
}
