// Package flags is a small feature-flag SDK. It keeps an in-memory copy of the
// flag set, applies changes pushed over a server stream, and falls back to
// periodic polling when the server cannot stream.
package flags

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Flag is the state of one feature flag.
type Flag struct {
	Key     string
	Enabled bool
	Version int64
}

// Stream is an open stream of flag changes.
type Stream interface {
	// Recv blocks until the next change arrives or the stream ends.
	Recv() (Flag, error)
	// Close ends the stream and unblocks Recv.
	Close() error
}

// Transport is how the client reaches the flag service.
type Transport interface {
	// Fetch returns every flag.
	Fetch(ctx context.Context) ([]Flag, error)
	// Subscribe opens a stream of changes.
	Subscribe(ctx context.Context) (Stream, error)
}

// ErrStreamingUnsupported is returned, possibly wrapped, by Subscribe when the
// server cannot stream; the client then polls instead.
var ErrStreamingUnsupported = errors.New("flags: streaming not supported")

// Option configures a Client.
type Option func(*Client)

// WithPollInterval sets how often flags are fetched in polling mode.
func WithPollInterval(d time.Duration) Option {
	return func(c *Client) { c.pollInterval = d }
}

// WithRetryBackoff sets the pause before reconnecting a broken stream.
func WithRetryBackoff(d time.Duration) Option {
	return func(c *Client) { c.backoff = d }
}

// Client serves flag values from memory and keeps them current.
type Client struct {
	tr           Transport
	pollInterval time.Duration
	backoff      time.Duration

	mu      sync.RWMutex
	flags   map[string]Flag
	polling bool
	current Stream

	stop     chan struct{}
	stopOnce sync.Once
}

// NewClient returns a client that talks to the flag service through tr.
func NewClient(tr Transport, opts ...Option) *Client {
	c := &Client{
		tr:           tr,
		pollInterval: 30 * time.Second,
		backoff:      time.Second,
		flags:        make(map[string]Flag),
		stop:         make(chan struct{}),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Start loads the initial flag set and begins watching for changes in the
// background. ctx bounds the initial load and the background updates.
func (c *Client) Start(ctx context.Context) error {
	if err := c.refresh(ctx); err != nil {
		return fmt.Errorf("flags: initial load: %w", err)
	}
	go c.watch(ctx)
	return nil
}

// Enabled reports whether the flag is on. Unknown flags are off.
func (c *Client) Enabled(key string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.flags[key].Enabled
}

// Polling reports whether the client has fallen back to polling.
func (c *Client) Polling() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.polling
}

// Close stops background updates. It is safe to call more than once.
func (c *Client) Close() error {
	c.stopOnce.Do(func() {
		close(c.stop)
		c.mu.Lock()
		s := c.current
		c.mu.Unlock()
		if s != nil {
			s.Close()
		}
	})
	return nil
}

// refresh replaces the flag set with the result of a full fetch.
func (c *Client) refresh(ctx context.Context) error {
	all, err := c.tr.Fetch(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range all {
		c.applyLocked(f)
	}
	return nil
}

// applyLocked records f unless a newer version is already known.
// c.mu must be held.
func (c *Client) applyLocked(f Flag) {
	if old, ok := c.flags[f.Key]; ok && old.Version > f.Version {
		return
	}
	c.flags[f.Key] = f
}
