// Package flags is a small feature-flag SDK. A Client keeps a local copy of
// every flag, kept current by a streaming connection to the flag service,
// and evaluates flags in memory without a network round trip.
package flags

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// ErrUnauthorized is returned (possibly wrapped) by a Source when the flag
// service rejects the SDK key.
var ErrUnauthorized = errors.New("flags: sdk key rejected")

// ErrNotInitialized is returned by New when no flag data arrived within
// Config.StartWait. The client is still usable and keeps trying.
var ErrNotInitialized = errors.New("flags: not initialized")

// Source opens streaming connections to the flag service.
type Source interface {
	Connect(ctx context.Context, sdkKey string) (Stream, error)
}

// Stream delivers flag change events until it fails or is closed.
type Stream interface {
	Recv() (Event, error)
	Close() error
}

// Clock abstracts time for reconnect backoff.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Status describes the health of the streaming connection.
type Status int

// Connection states.
const (
	StatusInitializing Status = iota
	StatusValid
	StatusInterrupted
	StatusOff
)

// Config configures a Client.
type Config struct {
	SDKKey string
	Source Source

	// StartWait bounds how long New waits for the first flag payload.
	StartWait time.Duration
	// InitialBackoff and MaxBackoff bound reconnect delays.
	InitialBackoff time.Duration
	MaxBackoff     time.Duration

	// OnStatus, if set, is called on every status change.
	OnStatus func(Status, error)
	// OnFlagChange, if set, is called with the key of every flag that was
	// added, changed or deleted by the stream.
	OnFlagChange func(key string)

	Clock Clock
}

func (c *Config) setDefaults() {
	if c.StartWait <= 0 {
		c.StartWait = 5 * time.Second
	}
	if c.InitialBackoff <= 0 {
		c.InitialBackoff = time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = time.Minute
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
}

// Client evaluates feature flags against a locally cached, streamed copy of
// the flag definitions. It is safe for concurrent use.
type Client struct {
	cfg    Config
	cancel context.CancelFunc
	done   chan struct{} // closed when streamLoop returns

	events chan Event
	ready  chan struct{}

	mu        sync.RWMutex
	flags     map[string]*Flag
	status    Status
	readyOnce sync.Once
}

// New starts a client and waits up to cfg.StartWait for the initial flag
// payload. If it does not arrive in time New returns the client together
// with ErrNotInitialized; evaluations serve defaults until data arrives.
func New(ctx context.Context, cfg Config) (*Client, error) {
	if cfg.SDKKey == "" {
		return nil, errors.New("flags: SDKKey is required")
	}
	if cfg.Source == nil {
		return nil, errors.New("flags: Source is required")
	}
	cfg.setDefaults()

	sctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		cfg:    cfg,
		cancel: cancel,
		done:   make(chan struct{}),
		events: make(chan Event, 64),
		ready:  make(chan struct{}),
		flags:  make(map[string]*Flag),
	}
	go c.applyLoop()
	go c.streamLoop(sctx)

	timer := time.NewTimer(cfg.StartWait)
	defer timer.Stop()
	select {
	case <-c.ready:
		return c, nil
	case <-timer.C:
		return c, ErrNotInitialized
	case <-ctx.Done():
		return c, fmt.Errorf("flags: waiting for initial payload: %w", ctx.Err())
	}
}

// Close stops the streaming connection. Evaluations after Close keep
// serving the last known flag values.
func (c *Client) Close() error {
	c.cancel()
	<-c.done
	return nil
}

// StringVariation evaluates flag key for u, returning def if the flag is
// unknown or malformed.
func (c *Client) StringVariation(key string, u User, def string) string {
	c.mu.RLock()
	f, ok := c.flags[key]
	c.mu.RUnlock()
	if !ok {
		return def
	}
	idx := f.evaluate(u)
	if idx < 0 || idx >= len(f.Variations) {
		return def
	}
	return f.Variations[idx]
}

// BoolVariation evaluates a flag whose variations are "true" and "false".
func (c *Client) BoolVariation(key string, u User, def bool) bool {
	b, err := strconv.ParseBool(c.StringVariation(key, u, strconv.FormatBool(def)))
	if err != nil {
		return def
	}
	return b
}

func (c *Client) setStatus(s Status, err error) {
	c.mu.Lock()
	changed := c.status != s
	c.status = s
	c.mu.Unlock()
	if changed && c.cfg.OnStatus != nil {
		c.cfg.OnStatus(s, err)
	}
}
