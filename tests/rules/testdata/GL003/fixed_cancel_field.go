package cancelfield

import (
	"context"
	"errors"
)

// Conn keeps its reader goroutine running until the connection is closed.
type Conn struct {
	cancel context.CancelFunc
	reads  int
}

func (c *Conn) reader(ctx context.Context) {
	<-ctx.Done()
	c.reads = -1
}

func Open(addr string) (*Conn, error) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Conn{cancel: cancel}
	go c.reader(ctx)
	if addr == "" {
		cancel()
		return nil, errors.New("open: no address")
	}
	return c, nil
}

// Close marks the connection closed.
func (c *Conn) Close() {
	c.cancel()
	c.reads = 0
}
