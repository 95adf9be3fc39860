// Package kvwire is a client for a line-based key/value protocol: one command per
// line, answered by "OK <value>" or "ERR <message>".
package kvwire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
)

// ServerError is an ERR reply.
type ServerError struct{ Msg string }

func (e *ServerError) Error() string { return "kvwire: server: " + e.Msg }

// ErrMalformed is returned for a reply that is neither OK nor ERR.
var ErrMalformed = errors.New("kvwire: malformed reply")

// Conn is one connection; queries on it are serialised.
type Conn struct {
	mu   sync.Mutex
	nc   net.Conn
	rd   *bufio.Reader
	name string
}

// NewConn wraps an established connection.
func NewConn(nc net.Conn, name string) *Conn {
	return &Conn{nc: nc, rd: bufio.NewReader(nc), name: name}
}

// Get reads a key.
func (c *Conn) Get(ctx context.Context, key string) (string, error) {
	return c.query(ctx, "GET", key)
}

// Set writes a key.
func (c *Conn) Set(ctx context.Context, key, value string) error {
	_, err := c.query(ctx, "SET", key, value)
	return err
}

// query sends one command and reads its reply. A context that ends while the
// query is in flight pulls the connection's deadline in, so the read returns.
func (c *Conn) query(ctx context.Context, cmd string, args ...string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	finished := make(chan struct{})
	go c.interruptOn(ctx, finished)
	defer close(finished)

	line := cmd + " " + strings.Join(args, " ") + "\n"
	if _, err := c.nc.Write([]byte(line)); err != nil {
		return "", fmt.Errorf("kvwire %s: send %s: %w", c.name, cmd, err)
	}
	reply, err := c.rd.ReadString('\n')
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("kvwire %s: read reply to %s: %w", c.name, cmd, err)
	}
	return parseReply(strings.TrimRight(reply, "\r\n"))
}

func parseReply(reply string) (string, error) {
	status, rest, _ := strings.Cut(reply, " ")
	switch status {
	case "OK":
		return rest, nil
	case "ERR":
		return "", &ServerError{Msg: rest}
	}
	return "", fmt.Errorf("%w: %q", ErrMalformed, reply)
}

// Close closes the connection.
func (c *Conn) Close() error { return c.nc.Close() }
