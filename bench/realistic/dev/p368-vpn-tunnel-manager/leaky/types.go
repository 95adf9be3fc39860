package tunnel

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("tunnel: manager closed")

// Config describes one tunnel. Two configs describe the same tunnel only
// if they are equal; any change causes the tunnel to be rebuilt.
type Config struct {
	Name      string
	Endpoint  string // host:port of the peer
	PublicKey string // peer's public key, base64
	// KeepaliveInterval is how often the peer is probed.
	KeepaliveInterval time.Duration
	// RekeyInterval is the maximum age of a session key. Zero disables
	// rekeying.
	RekeyInterval time.Duration
	// MaxMissedKeepalives is the number of consecutive failed probes after
	// which the session is considered dead. Default 3.
	MaxMissedKeepalives int
}

func (c *Config) validate() error {
	if c.Name == "" {
		return errors.New("tunnel: empty name")
	}
	if _, _, err := net.SplitHostPort(c.Endpoint); err != nil {
		return fmt.Errorf("tunnel %s: endpoint: %w", c.Name, err)
	}
	if c.PublicKey == "" {
		return fmt.Errorf("tunnel %s: missing public key", c.Name)
	}
	if c.KeepaliveInterval <= 0 {
		return fmt.Errorf("tunnel %s: keepalive interval must be positive", c.Name)
	}
	if c.MaxMissedKeepalives == 0 {
		c.MaxMissedKeepalives = 3
	}
	if c.MaxMissedKeepalives < 0 || c.RekeyInterval < 0 {
		return fmt.Errorf("tunnel %s: negative limits", c.Name)
	}
	return nil
}

// Session is an established, keyed connection to a peer.
type Session interface {
	Keepalive(ctx context.Context) error
	Rekey(ctx context.Context) error
	Close() error
}

// Dialer establishes sessions.
type Dialer interface {
	Dial(ctx context.Context, cfg Config) (Session, error)
}

// Ticker is the subset of time.Ticker the manager uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Clock abstracts time for the supervisors.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

type realClock struct{}

type realTicker struct{ t *time.Ticker }

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }
func (r realTicker) C() <-chan time.Time           { return r.t.C }
func (r realTicker) Stop()                         { r.t.Stop() }

// State is the lifecycle state of a tunnel.
type State int

// Tunnel states.
const (
	StateUp State = iota + 1
	StateDown
	StateClosed
)

func (s State) String() string {
	switch s {
	case StateUp:
		return "up"
	case StateDown:
		return "down"
	case StateClosed:
		return "closed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}
