// Package portfwd forwards TCP connections accepted on local listeners to a
// fixed upstream address, splicing bytes in both directions and keeping
// track of the sessions that are currently active.
package portfwd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"sync"
	"time"
)

var (
	// ErrClosed is returned by Serve after Close has been called.
	ErrClosed = errors.New("portfwd: forwarder closed")
	// ErrTooManySessions is reported when MaxSessions would be exceeded.
	ErrTooManySessions = errors.New("portfwd: too many active sessions")
)

// Dialer opens connections to the upstream target. *net.Dialer satisfies it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Observer receives session lifecycle events. Implementations must be safe
// for concurrent use and must not block.
type Observer interface {
	SessionOpened(info SessionInfo)
	SessionRejected(remote net.Addr, err error)
	SessionClosed(info SessionInfo, stats Stats, err error)
}

// Config describes a forwarder.
type Config struct {
	// Target is the upstream host:port every accepted connection is sent to.
	Target string
	// Dialer defaults to a *net.Dialer.
	Dialer Dialer
	// DialTimeout bounds each upstream dial. It defaults to 5 seconds.
	DialTimeout time.Duration
	// MaxSessions caps concurrently active sessions; zero means no limit.
	MaxSessions int
	// Observer is optional.
	Observer Observer
}

// Forwarder accepts client connections and forwards them to Config.Target.
type Forwarder struct {
	cfg Config
	obs Observer

	mu        sync.Mutex
	closed    bool
	listeners map[net.Listener]struct{}
	sessions  map[uint64]*session
	lastID    uint64
}

// New validates cfg and returns a forwarder.
func New(cfg Config) (*Forwarder, error) {
	if _, _, err := net.SplitHostPort(cfg.Target); err != nil {
		return nil, fmt.Errorf("portfwd: invalid target %q: %w", cfg.Target, err)
	}
	if cfg.Dialer == nil {
		cfg.Dialer = &net.Dialer{KeepAlive: 30 * time.Second}
	}
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 5 * time.Second
	}
	f := &Forwarder{
		cfg:       cfg,
		obs:       cfg.Observer,
		listeners: make(map[net.Listener]struct{}),
		sessions:  make(map[uint64]*session),
	}
	if f.obs == nil {
		f.obs = nopObserver{}
	}
	return f, nil
}

// Serve accepts connections on l until l fails or the forwarder is closed,
// in which case it returns ErrClosed. ctx scopes upstream dials.
func (f *Forwarder) Serve(ctx context.Context, l net.Listener) error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		l.Close()
		return ErrClosed
	}
	f.listeners[l] = struct{}{}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.listeners, l)
		f.mu.Unlock()
	}()

	for {
		conn, err := l.Accept()
		if err != nil {
			if f.isClosed() {
				return ErrClosed
			}
			return fmt.Errorf("portfwd: accept on %s: %w", l.Addr(), err)
		}
		go f.handle(ctx, conn)
	}
}

// handle dials the upstream for one client connection and splices the two
// until either side finishes.
func (f *Forwarder) handle(ctx context.Context, client net.Conn) {
	dctx, cancel := context.WithTimeout(ctx, f.cfg.DialTimeout)
	upstream, err := f.cfg.Dialer.DialContext(dctx, "tcp", f.cfg.Target)
	cancel()
	if err != nil {
		client.Close()
		f.obs.SessionRejected(client.RemoteAddr(), fmt.Errorf("portfwd: dial %s: %w", f.cfg.Target, err))
		return
	}

	s := newSession(client, upstream)
	if err := f.track(s); err != nil {
		s.close()
		f.obs.SessionRejected(client.RemoteAddr(), err)
		return
	}
	f.obs.SessionOpened(s.info())
	stats, err := s.splice()
	f.untrack(s)
	f.obs.SessionClosed(s.info(), stats, err)
}

// track registers s as active and assigns its ID.
func (f *Forwarder) track(s *session) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cfg.MaxSessions > 0 && len(f.sessions) >= f.cfg.MaxSessions {
		return fmt.Errorf("%w (limit %d)", ErrTooManySessions, f.cfg.MaxSessions)
	}
	f.lastID++
	s.id = f.lastID
	f.sessions[s.id] = s
	return nil
}

func (f *Forwarder) untrack(s *session) {
	f.mu.Lock()
	delete(f.sessions, s.id)
	f.mu.Unlock()
}

func (f *Forwarder) isClosed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

// Sessions returns a snapshot of the active sessions ordered by ID.
func (f *Forwarder) Sessions() []SessionInfo {
	f.mu.Lock()
	out := make([]SessionInfo, 0, len(f.sessions))
	for _, s := range f.sessions {
		out = append(out, s.info())
	}
	f.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Close stops all listeners and tears down every active session. It does
// not wait for handlers to return.
func (f *Forwarder) Close() error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	f.closed = true
	listeners := make([]net.Listener, 0, len(f.listeners))
	for l := range f.listeners {
		listeners = append(listeners, l)
	}
	sessions := make([]*session, 0, len(f.sessions))
	for _, s := range f.sessions {
		sessions = append(sessions, s)
	}
	f.mu.Unlock()

	var firstErr error
	for _, l := range listeners {
		if err := l.Close(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("portfwd: close listener %s: %w", l.Addr(), err)
		}
	}
	for _, s := range sessions {
		s.close()
	}
	return firstErr
}

type nopObserver struct{}

func (nopObserver) SessionOpened(SessionInfo)               {}
func (nopObserver) SessionRejected(net.Addr, error)         {}
func (nopObserver) SessionClosed(SessionInfo, Stats, error) {}
