// Package relay keeps a session with an upstream relay open: it re-dials when the
// link breaks and pings it so that idle links are not dropped by proxies.
package relay

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrBroken is what a Conn returns once its link is gone for good.
var ErrBroken = errors.New("relay: link broken")

// Conn is one link to the relay.
type Conn interface {
	Send(msg []byte) error
	Ping() error
	Close() error
}

// Config says how to reach the relay.
type Config struct {
	Dial      func(ctx context.Context) (Conn, error)
	PingEvery time.Duration
	// OnPingError, if set, hears about failed pings; the next Send re-dials.
	OnPingError func(error)
}

// Session is a self-healing link to the relay.
type Session struct {
	cfg Config

	mu       sync.Mutex
	conn     Conn
	stopPing chan struct{}
	closed   bool

	redials atomic.Int64
}

// Open dials the relay and starts the heartbeat.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	if cfg.Dial == nil {
		return nil, errors.New("relay: Config.Dial is required")
	}
	if cfg.PingEvery <= 0 {
		cfg.PingEvery = 15 * time.Second
	}
	s := &Session{cfg: cfg}
	if err := s.connect(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// connect dials a fresh link and gives it its own heartbeat.
func (s *Session) connect(ctx context.Context) error {
	conn, err := s.cfg.Dial(ctx)
	if err != nil {
		return fmt.Errorf("relay: dial: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		conn.Close()
		return errors.New("relay: session closed")
	}
	if s.conn != nil {
		s.conn.Close()
		s.redials.Add(1)
	}
	s.conn = conn
	s.stopPing = make(chan struct{})
	go s.heartbeat(conn, s.stopPing)
	return nil
}

// Send delivers msg, re-dialing once if the link turned out to be broken.
func (s *Session) Send(ctx context.Context, msg []byte) error {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	err := conn.Send(msg)
	if !errors.Is(err, ErrBroken) {
		return err
	}
	if err := s.connect(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	conn = s.conn
	s.mu.Unlock()
	return conn.Send(msg)
}

// Redials counts how often the link was replaced.
func (s *Session) Redials() int64 { return s.redials.Load() }

// Close stops the heartbeat and drops the link.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.stopPing)
	return s.conn.Close()
}
