// Package flags is a feature flag client SDK: it keeps a local copy of every
// flag current over a streaming connection and evaluates flags locally.
package flags

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// ErrInitTimeout is returned, with a usable client that keeps connecting in
// the background, when no flags arrived before New's context expired.
var ErrInitTimeout = errors.New("flags: timed out waiting for initial flags")

// Config configures a Client.
type Config struct {
	SDKKey         string
	Logger         *log.Logger   // connection diagnostics; nil disables
	UpdateBuffer   int           // events queued between reader and store; default 64
	InitialBackoff time.Duration // default 1s, doubling up to 30 times that
	// OnChange, if set, is called after each flag change.
	OnChange func(FlagChange)
}

// FlagChange is passed to change listeners after a flag is updated.
type FlagChange struct {
	Key     string
	Version int
}

// Client evaluates feature flags against a locally cached flag set.
type Client struct {
	cfg       Config
	transport Transport

	mu    sync.RWMutex
	flags map[string]Flag

	ctx       context.Context
	cancel    context.CancelFunc
	updates   chan Event
	runDone   chan struct{}
	applyDone chan struct{}
	readyOnce sync.Once
	ready     chan struct{}
	initErr   error
	closeOnce sync.Once
}

// New connects to the flag service and waits, until ctx is done, for the
// first full set of flags.
func New(ctx context.Context, cfg Config, transport Transport) (*Client, error) {
	if cfg.SDKKey == "" || transport == nil {
		return nil, errors.New("flags: SDK key and transport are required")
	}
	if cfg.UpdateBuffer <= 0 {
		cfg.UpdateBuffer = 64
	}
	if cfg.InitialBackoff <= 0 {
		cfg.InitialBackoff = time.Second
	}
	c := &Client{
		cfg:       cfg,
		transport: transport,
		flags:     make(map[string]Flag),
		updates:   make(chan Event, cfg.UpdateBuffer),
		runDone:   make(chan struct{}),
		applyDone: make(chan struct{}),
		ready:     make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.applyUpdates()
	go c.run()

	select {
	case <-c.ready:
		if c.initErr != nil {
			c.Close()
			return nil, fmt.Errorf("flags: initialize: %w", c.initErr)
		}
		return c, nil
	case <-ctx.Done():
		return c, ErrInitTimeout
	}
}

// Close stops streaming and waits for queued updates to be applied.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.cancel()
		<-c.runDone
		close(c.updates)
		<-c.applyDone
	})
	return nil
}

// BoolVariation returns the value of a boolean flag for u, or def if the
// flag is unknown, malformed or not a boolean.
func (c *Client) BoolVariation(key string, u User, def bool) bool {
	c.mu.RLock()
	f, ok := c.flags[key]
	c.mu.RUnlock()
	if !ok {
		return def
	}
	v, err := f.evaluate(u)
	if err != nil {
		c.logf("flags: evaluate %s: %v", key, err)
	}
	if b, ok := v.(bool); ok {
		return b
	}
	return def
}

func (c *Client) markReady(err error) {
	c.readyOnce.Do(func() {
		c.initErr = err
		close(c.ready)
	})
}

// apply updates the store with one event and notifies listeners.
func (c *Client) apply(ev Event) {
	var changes []FlagChange
	c.mu.Lock()
	switch ev.Kind {
	case EventPut:
		next := make(map[string]Flag, len(ev.Flags))
		for _, f := range ev.Flags {
			next[f.Key] = f
			if old, ok := c.flags[f.Key]; !ok || old.Version != f.Version {
				changes = append(changes, FlagChange{Key: f.Key, Version: f.Version})
			}
		}
		c.flags = next
	case EventPatch:
		if old, ok := c.flags[ev.Flag.Key]; !ok || old.Version < ev.Flag.Version {
			c.flags[ev.Flag.Key] = ev.Flag
			changes = append(changes, FlagChange{Key: ev.Flag.Key, Version: ev.Flag.Version})
		}
	}
	c.mu.Unlock()

	if ev.Kind == EventPut {
		c.markReady(nil)
	}
	for _, ch := range changes {
		if c.cfg.OnChange != nil {
			c.cfg.OnChange(ch)
		}
	}
}

func (c *Client) logf(format string, args ...interface{}) {
	if c.cfg.Logger != nil {
		c.cfg.Logger.Printf(format, args...)
	}
}
