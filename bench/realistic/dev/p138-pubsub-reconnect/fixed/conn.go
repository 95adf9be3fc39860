// Package pubsub is a small client for a topic-based message broker. It keeps
// one session open, pings it to detect dead peers, and on a broken session
// dials again and restores every subscription.
package pubsub

import (
	"context"
	"errors"
)

// Message is one delivery from the broker.
type Message struct {
	Topic string
	Data  []byte
}

// Conn is one session with the broker. Recv must return an error once the
// session is broken or closed.
type Conn interface {
	Subscribe(ctx context.Context, topic string) error
	Ping(ctx context.Context) error
	Recv() (Message, error)
	Close() error
}

// Dialer opens a new session with the broker.
type Dialer func(ctx context.Context) (Conn, error)

// ErrClosed is returned by client methods after Close.
var ErrClosed = errors.New("pubsub: client closed")
