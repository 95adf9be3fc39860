// Package sidecar is the configuration half of a service mesh sidecar. It
// keeps a long-lived discovery stream open to the control plane, applies the
// listener and route configuration it receives, acknowledges (or rejects)
// every version, and drains listeners that are removed or moved.
package sidecar

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

// ErrClosed is returned once the sidecar has been closed.
var ErrClosed = errors.New("sidecar: closed")

// Node identifies this sidecar to the control plane.
type Node struct {
	ID      string
	Cluster string
}

// DiscoveryRequest subscribes to configuration and acknowledges (VersionInfo
// set to the new version) or rejects (ErrorDetail set) a response.
type DiscoveryRequest struct {
	Node          Node
	VersionInfo   string
	ResponseNonce string
	ErrorDetail   string
}

// DiscoveryResponse is a complete snapshot of the configuration for a node.
type DiscoveryResponse struct {
	VersionInfo string           `json:"version_info"`
	Nonce       string           `json:"nonce"`
	Listeners   []ListenerConfig `json:"listeners"`
	Routes      []RouteConfig    `json:"routes"`
}

// Stream is one discovery stream. Recv returns transport frames; a frame can
// hold part of a response or several responses.
type Stream interface {
	Recv() ([]byte, error)
	Send(req DiscoveryRequest) error
}

// Client opens discovery streams. A stream lives until ctx is done.
type Client interface {
	Open(ctx context.Context, node Node) (Stream, error)
}

// Clock is used for reconnect backoff.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type wallClock struct{}

func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Sidecar.
type Config struct {
	Node Node
	// DrainTimeout bounds how long a replaced listener may keep serving
	// in-flight requests. Defaults to 30s.
	DrainTimeout time.Duration
	// MinBackoff and MaxBackoff bound the delay between reconnect attempts.
	MinBackoff, MaxBackoff time.Duration
}

// Option customises a Sidecar.
type Option func(*Sidecar)

// WithClock replaces the wall clock.
func WithClock(c Clock) Option { return func(s *Sidecar) { s.clock = c } }

// WithLogger replaces the default logger.
func WithLogger(l *log.Logger) Option { return func(s *Sidecar) { s.log = l } }

// Sidecar applies configuration from the control plane.
type Sidecar struct {
	cfg    Config
	client Client
	binder Binder
	clock  Clock
	log    *log.Logger

	mu        sync.Mutex
	listeners map[string]*activeListener
	ver       string
	closed    bool
	draining  sync.WaitGroup
}

// New returns a Sidecar that binds listeners with binder.
func New(cfg Config, client Client, binder Binder, opts ...Option) (*Sidecar, error) {
	if cfg.Node.ID == "" {
		return nil, errors.New("sidecar: node id is required")
	}
	if client == nil || binder == nil {
		return nil, errors.New("sidecar: client and binder are required")
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = 30 * time.Second
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 250 * time.Millisecond
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = 30 * cfg.MinBackoff
	}
	s := &Sidecar{
		cfg:       cfg,
		client:    client,
		binder:    binder,
		clock:     wallClock{},
		log:       log.Default(),
		listeners: make(map[string]*activeListener),
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Run keeps a discovery stream open until ctx is done, reconnecting with
// exponential backoff whenever the stream fails.
func (s *Sidecar) Run(ctx context.Context) error {
	backoff := s.cfg.MinBackoff
	for {
		before := s.Version()
		err := s.session(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, ErrClosed) {
			return err
		}
		if s.Version() != before {
			backoff = s.cfg.MinBackoff // the stream made progress
		}
		s.log.Printf("sidecar: discovery stream ended: %v (retrying in %s)", err, backoff)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.clock.After(backoff):
		}
		backoff *= 2
		if backoff > s.cfg.MaxBackoff {
			backoff = s.cfg.MaxBackoff
		}
	}
}

// Version reports the last configuration version that was applied.
func (s *Sidecar) Version() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ver
}

// Close drains every listener and waits for all drains to finish.
func (s *Sidecar) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	for name, a := range s.listeners {
		delete(s.listeners, name)
		s.drainLocked(a)
	}
	s.mu.Unlock()
	s.draining.Wait()
	return nil
}
