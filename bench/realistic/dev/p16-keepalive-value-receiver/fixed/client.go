// Package presence keeps a client marked online by pinging a presence server.
package presence

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// Pinger is the presence server.
type Pinger interface {
	Ping(ctx context.Context, id string) error
}

type counters struct {
	pings int64
}

// Client pings while it is open.
type Client struct {
	id       string
	server   Pinger
	interval time.Duration
	cancel   context.CancelFunc
	stats    *counters
}

// Config for Dial.
type Config struct {
	ID        string
	Interval  time.Duration
	KeepAlive bool
}

// Dial registers the client and, if asked, starts the keep-alive loop.
func Dial(server Pinger, cfg Config) (*Client, error) {
	if cfg.ID == "" {
		return nil, errors.New("presence: empty id")
	}
	c := &Client{id: cfg.ID, server: server, interval: cfg.Interval, stats: &counters{}}
	if err := server.Ping(context.Background(), cfg.ID); err != nil {
		return nil, err
	}
	if cfg.KeepAlive {
		c.startKeepAlive()
	}
	return c, nil
}

// startKeepAlive pings every interval until Close.
func (c *Client) startKeepAlive() {
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go c.keepAlive(ctx)
}

func (c Client) keepAlive(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if c.server.Ping(ctx, c.id) == nil {
				atomic.AddInt64(&c.stats.pings, 1)
			}
		}
	}
}

// Pings says how many keep-alives succeeded.
func (c *Client) Pings() int64 { return atomic.LoadInt64(&c.stats.pings) }

// Close stops the keep-alive loop.
func (c *Client) Close() {
	if c.cancel != nil {
		c.cancel()
	}
}
