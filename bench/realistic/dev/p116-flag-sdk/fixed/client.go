// Package flags is a feature-flag client. It keeps an in-memory copy of the
// flag set, fed by a streaming connection, and polls when the stream is down.
package flags

import (
	"context"
	"errors"
	"log"
	"sync"
	"time"
)

// Source is the flag service.
type Source interface {
	// Stream calls update with a full flag set whenever one is pushed, until
	// ctx is done or the connection fails.
	Stream(ctx context.Context, update func(map[string]bool)) error
	// Poll fetches the current flag set once.
	Poll(ctx context.Context) (map[string]bool, error)
}

// Option configures a Client.
type Option func(*Client)

// WithPollInterval sets how often flags are polled while the stream is down.
func WithPollInterval(d time.Duration) Option { return func(c *Client) { c.pollEvery = d } }

// WithReconnectDelay sets how long the client polls before retrying the stream.
func WithReconnectDelay(d time.Duration) Option { return func(c *Client) { c.reconnect = d } }

// WithLogger replaces the standard logger.
func WithLogger(l *log.Logger) Option { return func(c *Client) { c.log = l } }

// ErrClosed is returned by operations on a closed client.
var ErrClosed = errors.New("flags: client closed")

// Client evaluates flags against the latest known flag set.
type Client struct {
	src       Source
	pollEvery time.Duration
	reconnect time.Duration
	log       *log.Logger

	mu          sync.Mutex
	cond        *sync.Cond
	flags       map[string]bool
	initialized bool
	closed      bool

	cancel  context.CancelFunc
	stopped chan struct{}
}

// New starts a client that connects to src in the background.
func New(src Source, opts ...Option) *Client {
	c := &Client{
		src:       src,
		pollEvery: 30 * time.Second,
		reconnect: time.Minute,
		log:       log.Default(),
		stopped:   make(chan struct{}),
	}
	for _, o := range opts {
		o(c)
	}
	c.cond = sync.NewCond(&c.mu)
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go c.keepSynced(ctx)
	return c
}

// Bool returns the value of flag, or def if the flag is unknown or no flag set
// has been received yet.
func (c *Client) Bool(flag string, def bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.flags[flag]; ok {
		return v
	}
	return def
}

func (c *Client) store(flags map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flags = flags
	if !c.initialized {
		c.initialized = true
		c.cond.Broadcast()
	}
}

// Close stops streaming and polling.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	c.cond.Broadcast()
	c.mu.Unlock()
	c.cancel()
	<-c.stopped
	return nil
}
