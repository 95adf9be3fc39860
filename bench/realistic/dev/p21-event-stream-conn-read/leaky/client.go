// Package eventstream is a client for a feed of line-delimited JSON events served
// over one long-lived connection per subscription.
package eventstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
)

// Event is one message of the feed.
type Event struct {
	Seq   int64  `json:"seq"`
	Kind  string `json:"kind"`
	Topic string `json:"topic"`
}

// Dialer opens the transport to the feed server.
type Dialer func(ctx context.Context) (net.Conn, error)

// Options configure a Client.
type Options struct {
	// Buffer is how many decoded events may wait for the caller.
	Buffer int
}

// Client opens subscriptions to the feed.
type Client struct {
	dial Dialer
	opts Options
}

// ErrNoDialer is returned by NewClient without a way to connect.
var ErrNoDialer = errors.New("eventstream: no dialer")

// NewClient returns a client that connects with dial.
func NewClient(dial Dialer, opts Options) (*Client, error) {
	if dial == nil {
		return nil, ErrNoDialer
	}
	if opts.Buffer < 0 {
		opts.Buffer = 0
	}
	return &Client{dial: dial, opts: opts}, nil
}

type subscribeRequest struct {
	Topic string `json:"subscribe"`
	From  int64  `json:"from,omitempty"`
}

// Subscribe opens a stream of the events of topic, starting after sequence from.
func (c *Client) Subscribe(ctx context.Context, topic string, from int64) (*Stream, error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("eventstream: dial: %w", err)
	}
	if err := json.NewEncoder(conn).Encode(subscribeRequest{Topic: topic, From: from}); err != nil {
		conn.Close()
		return nil, fmt.Errorf("eventstream: subscribe %q: %w", topic, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Stream{
		topic:  topic,
		conn:   conn,
		dec:    json.NewDecoder(conn),
		events: make(chan Event, c.opts.Buffer),
		cancel: cancel,
	}
	go s.receive(ctx)
	return s, nil
}
