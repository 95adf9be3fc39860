// Package session provides a read-through, in-process cache of user
// sessions kept coherent across instances by invalidation messages
// published on a pub/sub channel.
package session

import (
	"context"
	"errors"
	"time"
)

var (
	// ErrNotFound is returned when no session exists for an ID.
	ErrNotFound = errors.New("session: not found")
	// ErrExpired is returned for sessions past their expiry time.
	ErrExpired = errors.New("session: expired")
)

// Session is an authenticated user session.
type Session struct {
	ID        string
	UserID    string
	ExpiresAt time.Time
	Data      map[string]string
}

func (s *Session) clone() *Session {
	c := *s
	if s.Data != nil {
		c.Data = make(map[string]string, len(s.Data))
		for k, v := range s.Data {
			c.Data[k] = v
		}
	}
	return &c
}

// Backend is the authoritative session storage.
type Backend interface {
	// Load returns the session, or an error wrapping ErrNotFound.
	Load(ctx context.Context, id string) (*Session, error)
	Save(ctx context.Context, s *Session) error
	Delete(ctx context.Context, id string) error
}

// PubSub publishes and subscribes to invalidation messages.
type PubSub interface {
	Publish(ctx context.Context, channel string, payload []byte) error
	Subscribe(ctx context.Context, channel string) (Subscription, error)
}

// Subscription delivers messages published on a channel. The Messages
// channel is closed after Close or when the connection is lost.
type Subscription interface {
	Messages() <-chan []byte
	Close() error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }
