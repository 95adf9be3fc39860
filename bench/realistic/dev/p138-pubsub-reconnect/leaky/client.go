package pubsub

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Option configures a Client.
type Option func(*Client)

// WithKeepalive sets how often the session is pinged.
func WithKeepalive(d time.Duration) Option { return func(c *Client) { c.keepalive = d } }

// WithBackoff sets the first delay between reconnect attempts and how many
// attempts are made before the client gives up.
func WithBackoff(first time.Duration, attempts int) Option {
	return func(c *Client) { c.backoff, c.attempts = first, attempts }
}

// Client is a broker client that survives dropped sessions.
type Client struct {
	dial      Dialer
	keepalive time.Duration
	backoff   time.Duration
	attempts  int

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	conn     Conn
	stopPing chan struct{}
	subs     map[string]chan Message
	err      error
}

// Connect dials the broker and starts receiving.
func Connect(ctx context.Context, dial Dialer, opts ...Option) (*Client, error) {
	c := &Client{
		dial:      dial,
		keepalive: 15 * time.Second,
		backoff:   100 * time.Millisecond,
		attempts:  5,
		done:      make(chan struct{}),
		subs:      make(map[string]chan Message),
	}
	for _, o := range opts {
		o(c)
	}
	conn, err := dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("pubsub: connect: %w", err)
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.attach(conn)
	go c.run()
	return c, nil
}

// Subscribe asks the broker for topic and returns the channel its messages
// are delivered on.
func (c *Client) Subscribe(ctx context.Context, topic string) (<-chan Message, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx.Err() != nil {
		return nil, ErrClosed
	}
	if ch, ok := c.subs[topic]; ok {
		return ch, nil
	}
	if err := c.conn.Subscribe(ctx, topic); err != nil {
		return nil, fmt.Errorf("pubsub: subscribe %q: %w", topic, err)
	}
	ch := make(chan Message, 16)
	c.subs[topic] = ch
	return ch, nil
}

// Err reports why the client stopped receiving, if it did.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Close ends the session and waits for the receiver to stop.
func (c *Client) Close() error {
	c.cancel()
	c.mu.Lock()
	close(c.stopPing)
	err := c.conn.Close()
	c.mu.Unlock()
	<-c.done
	return err
}

// attach makes conn the current session and starts pinging it.
func (c *Client) attach(conn Conn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = conn
	c.stopPing = make(chan struct{})
	go keepalive(conn, c.keepalive, c.stopPing)
}

func (c *Client) current() Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

func (c *Client) run() {
	defer close(c.done)
	for {
		msg, err := c.current().Recv()
		if err != nil {
			if c.ctx.Err() != nil {
				return
			}
			if err := c.reconnect(); err != nil {
				c.mu.Lock()
				c.err = err
				c.mu.Unlock()
				return
			}
			continue
		}
		c.mu.Lock()
		ch := c.subs[msg.Topic]
		c.mu.Unlock()
		if ch == nil {
			continue
		}
		select {
		case ch <- msg:
		case <-c.ctx.Done():
			return
		}
	}
}

// reconnect replaces a broken session, restoring every subscription on the
// new one before it is used.
func (c *Client) reconnect() error {
	c.current().Close()
	delay := c.backoff
	var err error
	for attempt := 1; attempt <= c.attempts; attempt++ {
		var conn Conn
		if conn, err = c.dial(c.ctx); err == nil {
			if err = c.resubscribe(conn); err == nil {
				c.attach(conn)
				return nil
			}
			conn.Close()
		}
		select {
		case <-time.After(delay):
		case <-c.ctx.Done():
			return c.ctx.Err()
		}
		delay *= 2
	}
	return fmt.Errorf("pubsub: reconnect failed after %d attempts: %w", c.attempts, err)
}

func (c *Client) resubscribe(conn Conn) error {
	c.mu.Lock()
	topics := make([]string, 0, len(c.subs))
	for t := range c.subs {
		topics = append(topics, t)
	}
	c.mu.Unlock()
	for _, t := range topics {
		if err := conn.Subscribe(c.ctx, t); err != nil {
			return fmt.Errorf("resubscribe %q: %w", t, err)
		}
	}
	return nil
}
