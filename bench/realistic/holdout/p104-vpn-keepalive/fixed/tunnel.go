// Package tunnel manages a single VPN tunnel to a remote gateway: it dials
// and handshakes, keeps the link alive, rotates session keys and reconnects
// with backoff when the peer goes away.
package tunnel

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"
)

// State is the lifecycle state of a tunnel.
type State int

// Tunnel states.
const (
	StateIdle State = iota
	StateConnecting
	StateUp
	StateReconnecting
	StateFailed
	StateClosed
)

func (s State) String() string {
	switch s {
	case StateIdle:
		return "idle"
	case StateConnecting:
		return "connecting"
	case StateUp:
		return "up"
	case StateReconnecting:
		return "reconnecting"
	case StateFailed:
		return "failed"
	case StateClosed:
		return "closed"
	}
	return fmt.Sprintf("state(%d)", int(s))
}

// Keys is the symmetric key material for one session epoch.
type Keys struct {
	Epoch  uint64
	Secret [32]byte
}

// Conn is an established transport to the gateway.
type Conn interface {
	// Handshake authenticates and installs the first session keys.
	Handshake(ctx context.Context, keys Keys) error
	// Keepalive sends a keepalive and waits for the peer's reply.
	Keepalive(ctx context.Context) error
	// Rekey installs fresh session keys on both ends.
	Rekey(ctx context.Context, keys Keys) error
	Close() error
}

// Dialer opens transports to a gateway endpoint.
type Dialer interface {
	Dial(ctx context.Context, endpoint string) (Conn, error)
}

// Errors returned by the Manager.
var (
	ErrNotStarted       = errors.New("tunnel: not started")
	ErrAlreadyStarted   = errors.New("tunnel: already started")
	ErrClosed           = errors.New("tunnel: closed")
	ErrFailed           = errors.New("tunnel: gave up reconnecting")
	ErrPeerUnresponsive = errors.New("tunnel: peer unresponsive")
)

// Config configures a Manager. Zero durations take the defaults noted.
type Config struct {
	Endpoint string
	Dialer   Dialer
	// HandshakeTimeout bounds dial plus handshake. Default 10s.
	HandshakeTimeout time.Duration
	// KeepaliveInterval is the time between keepalives. Default 15s.
	KeepaliveInterval time.Duration
	// KeepaliveTimeout bounds each keepalive round trip. Default 5s.
	KeepaliveTimeout time.Duration
	// MaxMissedKeepalives tears the session down. Default 3.
	MaxMissedKeepalives int
	// RekeyInterval is how often session keys are rotated. Default 2m.
	RekeyInterval time.Duration
	// MinBackoff and MaxBackoff bound reconnect delays. Default 1s and 1m.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// MaxAttempts is how many consecutive failed connection attempts are
	// tolerated before the tunnel is marked failed. Zero means no limit.
	MaxAttempts int
	// OnStateChange, if set, is called after every state transition.
	OnStateChange func(s State, err error)
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.HandshakeTimeout, 10*time.Second)
	def(&c.KeepaliveInterval, 15*time.Second)
	def(&c.KeepaliveTimeout, 5*time.Second)
	def(&c.RekeyInterval, 2*time.Minute)
	def(&c.MinBackoff, time.Second)
	def(&c.MaxBackoff, time.Minute)
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	if c.MaxMissedKeepalives <= 0 {
		c.MaxMissedKeepalives = 3
	}
}

// Manager owns one tunnel and its background maintenance loop.
type Manager struct {
	cfg Config

	mu      sync.Mutex
	cond    *sync.Cond
	state   State
	lastErr error
	epoch   uint64
	cancel  context.CancelFunc
	done    chan struct{}
}

// New returns an idle Manager. Call Start to bring the tunnel up.
func New(cfg Config) (*Manager, error) {
	if cfg.Endpoint == "" || cfg.Dialer == nil {
		return nil, errors.New("tunnel: endpoint and dialer are required")
	}
	cfg.setDefaults()
	m := &Manager{cfg: cfg}
	m.cond = sync.NewCond(&m.mu)
	return m, nil
}

// Start launches the connection loop. The tunnel keeps running until ctx is
// done or Close is called.
func (m *Manager) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state != StateIdle {
		return ErrAlreadyStarted
	}
	ctx, m.cancel = context.WithCancel(ctx)
	m.done = make(chan struct{})
	m.state = StateConnecting
	go m.run(ctx)
	return nil
}

// State reports the current state and the error that caused it, if any.
func (m *Manager) State() (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state, m.lastErr
}

// WaitUp blocks until the tunnel is up, has failed or was closed, or until
// ctx is done.
func (m *Manager) WaitUp(ctx context.Context) error {
	m.mu.Lock()
	if m.state == StateIdle {
		m.mu.Unlock()
		return ErrNotStarted
	}
	if settled(m.state) {
		err := m.waitErrLocked()
		m.mu.Unlock()
		return err
	}
	m.mu.Unlock()

	ready := make(chan error, 1)
	go func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		for !settled(m.state) {
			m.cond.Wait()
		}
		ready <- m.waitErrLocked()
	}()
	select {
	case err := <-ready:
		return err
	case <-ctx.Done():
		return fmt.Errorf("tunnel: waiting for %s: %w", m.cfg.Endpoint, ctx.Err())
	}
}

func settled(s State) bool {
	return s == StateUp || s == StateFailed || s == StateClosed
}

func (m *Manager) waitErrLocked() error {
	switch m.state {
	case StateUp:
		return nil
	case StateFailed:
		return fmt.Errorf("%w: %v", ErrFailed, m.lastErr)
	}
	return ErrClosed
}

// Close tears the tunnel down and waits for the maintenance loop to exit.
func (m *Manager) Close() error {
	m.mu.Lock()
	cancel, done := m.cancel, m.done
	m.mu.Unlock()
	if cancel == nil {
		m.setState(StateClosed, nil)
		return nil
	}
	cancel()
	<-done
	return nil
}

func (m *Manager) setState(s State, err error) {
	m.mu.Lock()
	m.state, m.lastErr = s, err
	m.mu.Unlock()
	m.cond.Broadcast()
	if m.cfg.OnStateChange != nil {
		m.cfg.OnStateChange(s, err)
	}
}

func (m *Manager) nextKeys() (Keys, error) {
	m.mu.Lock()
	m.epoch++
	k := Keys{Epoch: m.epoch}
	m.mu.Unlock()
	if _, err := rand.Read(k.Secret[:]); err != nil {
		return Keys{}, fmt.Errorf("tunnel: generating keys for epoch %d: %w", k.Epoch, err)
	}
	return k, nil
}
