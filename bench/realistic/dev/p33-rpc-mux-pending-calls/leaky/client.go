// Package rpcmux is a client for a multiplexed request/response protocol: many
// calls share one connection, and replies come back tagged with the id of the call
// they answer, in any order.
package rpcmux

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"sync"
)

// ErrClosed is returned by calls made after the connection has failed or been closed.
var ErrClosed = errors.New("rpcmux: connection closed")

// RemoteError is a reply whose status is not "ok".
type RemoteError struct {
	Method string
	Status string
	Detail string
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("rpcmux: %s: %s: %s", e.Method, e.Status, e.Detail)
}

// Option configures a Client.
type Option func(*Client)

// WithName names the peer in errors and logs.
func WithName(name string) Option { return func(c *Client) { c.name = name } }

// WithLogger sends the client's diagnostics to l instead of the standard logger.
func WithLogger(l *log.Logger) Option { return func(c *Client) { c.logger = l } }

// Client multiplexes calls over one connection.
type Client struct {
	conn   net.Conn
	name   string
	logger *log.Logger

	writeMu sync.Mutex
	w       *bufio.Writer

	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan reply
	err     error // set once the read loop has stopped
}

// NewClient starts a client on an established connection.
func NewClient(conn net.Conn, opts ...Option) *Client {
	c := &Client{
		conn:    conn,
		name:    conn.RemoteAddr().String(),
		logger:  log.Default(),
		w:       bufio.NewWriter(conn),
		pending: make(map[uint64]chan reply),
	}
	for _, o := range opts {
		o(c)
	}
	go c.readLoop()
	return c
}

// Call sends one request and waits for its reply or for ctx to end.
func (c *Client) Call(ctx context.Context, method, payload string) (string, error) {
	if err := validMethod(method); err != nil {
		return "", err
	}
	ch := make(chan reply)

	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return "", c.err
	}
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	c.mu.Unlock()

	if err := c.send(request{ID: id, Method: method, Payload: payload}); err != nil {
		c.forget(id)
		return "", fmt.Errorf("rpcmux %s: send %s: %w", c.name, method, err)
	}

	select {
	case r := <-ch:
		if r.err != nil {
			return "", r.err
		}
		if r.Status != "ok" {
			return "", &RemoteError{Method: method, Status: r.Status, Detail: r.Payload}
		}
		return r.Payload, nil
	case <-ctx.Done():
		// The reply may still arrive; the read loop drops the entry when it does.
		return "", ctx.Err()
	}
}

func (c *Client) send(req request) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := c.w.WriteString(req.encode()); err != nil {
		return err
	}
	return c.w.Flush()
}

func (c *Client) forget(id uint64) {
	c.mu.Lock()
	delete(c.pending, id)
	c.mu.Unlock()
}

// readLoop hands every reply to the call waiting for it.
func (c *Client) readLoop() {
	r := bufio.NewReader(c.conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			c.failAll(err)
			return
		}
		rep, err := decodeReply(line)
		if err != nil {
			c.logger.Printf("rpcmux %s: %v", c.name, err)
			continue
		}
		c.mu.Lock()
		ch, ok := c.pending[rep.ID]
		delete(c.pending, rep.ID)
		c.mu.Unlock()
		if !ok {
			c.logger.Printf("rpcmux %s: reply to unknown call %d", c.name, rep.ID)
			continue
		}
		ch <- rep // leak: the caller gave up when its ctx ended and nobody will ever receive this reply
	}
}

func (c *Client) failAll(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = fmt.Errorf("%w: %v", ErrClosed, err)
	for id, ch := range c.pending {
		delete(c.pending, id)
		ch <- reply{err: c.err}
	}
}

// Close closes the connection; calls in flight fail.
func (c *Client) Close() error { return c.conn.Close() }
