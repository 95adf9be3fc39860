// Package tunnel keeps a set of VPN tunnels in line with a desired
// configuration. Each tunnel has a supervisor that sends keepalives, rekeys
// the session when its key gets old and redials when the peer stops
// answering. Apply reconciles the running tunnels with a new configuration.
package tunnel

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Option configures a Manager.
type Option func(*Manager)

// WithClock replaces the wall clock, mainly for tests.
func WithClock(c Clock) Option { return func(m *Manager) { m.clock = c } }

// WithOpTimeout bounds each dial, keepalive and rekey. Default 5s.
func WithOpTimeout(d time.Duration) Option { return func(m *Manager) { m.opTimeout = d } }

// WithStateHook registers fn to be called on every state transition. It is
// called with the tunnel's lock held and must not call into the Manager.
func WithStateHook(fn func(name string, s State, lastErr error)) Option {
	return func(m *Manager) { m.onState = fn }
}

// Manager owns the running tunnels.
type Manager struct {
	dialer    Dialer
	clock     Clock
	opTimeout time.Duration
	onState   func(name string, s State, lastErr error)

	mu      sync.Mutex
	tunnels map[string]*tunnel
	closed  bool
}

// NewManager returns a Manager that dials tunnels with d.
func NewManager(d Dialer, opts ...Option) *Manager {
	m := &Manager{
		dialer:    d,
		clock:     realClock{},
		opTimeout: 5 * time.Second,
		tunnels:   make(map[string]*tunnel),
	}
	for _, opt := range opts {
		opt(m)
	}
	return m
}

// Apply makes the running tunnels match cfgs: tunnels no longer listed are
// torn down, changed tunnels are rebuilt and new ones are dialed. It keeps
// going after individual failures and returns the first error.
func (m *Manager) Apply(ctx context.Context, cfgs []Config) error {
	desired := make(map[string]Config, len(cfgs))
	for _, cfg := range cfgs {
		if err := cfg.validate(); err != nil {
			return err
		}
		if _, dup := desired[cfg.Name]; dup {
			return fmt.Errorf("tunnel %s: duplicate name", cfg.Name)
		}
		desired[cfg.Name] = cfg
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	var firstErr error
	for name, t := range m.tunnels {
		if want, ok := desired[name]; ok && want == t.cfg {
			continue
		}
		delete(m.tunnels, name)
		if err := m.teardown(t); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	for name, cfg := range desired {
		if _, ok := m.tunnels[name]; ok {
			continue
		}
		t, err := m.bringUp(ctx, cfg)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		m.tunnels[name] = t
	}
	return firstErr
}

// Status returns the state of every running tunnel by name.
func (m *Manager) Status() map[string]State {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]State, len(m.tunnels))
	for name, t := range m.tunnels {
		t.mu.Lock()
		out[name] = t.state
		t.mu.Unlock()
	}
	return out
}

// Close tears down every tunnel. The Manager cannot be reused.
func (m *Manager) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	names := make([]string, 0, len(m.tunnels))
	for name := range m.tunnels {
		names = append(names, name)
	}
	sort.Strings(names)
	var firstErr error
	for _, name := range names {
		if err := m.teardown(m.tunnels[name]); err != nil && firstErr == nil {
			firstErr = err
		}
		delete(m.tunnels, name)
	}
	return firstErr
}

// bringUp dials a tunnel and starts its supervisor.
func (m *Manager) bringUp(ctx context.Context, cfg Config) (*tunnel, error) {
	dctx, cancel := context.WithTimeout(ctx, m.opTimeout)
	defer cancel()
	sess, err := m.dialer.Dial(dctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("tunnel %s: dial %s: %w", cfg.Name, cfg.Endpoint, err)
	}
	t := &tunnel{
		cfg:     cfg,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		sess:    sess,
		keyedAt: m.clock.Now(),
	}
	m.setStateLocked(t, StateUp)
	go m.supervise(t, m.clock.NewTicker(cfg.KeepaliveInterval))
	return t, nil
}

// teardown stops a tunnel's supervisor and closes its session.
func (m *Manager) teardown(t *tunnel) error {
	t.mu.Lock()
	if t.state == StateDown {
		// The session was already closed when the peer stopped answering.
		t.mu.Unlock()
		return nil
	}
	close(t.stop)
	sess := t.sess
	t.sess = nil
	m.setStateLocked(t, StateClosed)
	t.mu.Unlock()

	<-t.done
	if err := sess.Close(); err != nil {
		return fmt.Errorf("tunnel %s: close session: %w", t.cfg.Name, err)
	}
	return nil
}
