// Package configpoll is a client for a configuration service that exposes
// namespaces of key/value settings through long polling. The client keeps
// the latest snapshot in memory and notifies registered listeners, in
// version order, whenever a new version is published.
package configpoll

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Listener is called with every new snapshot. Listeners run concurrently
// with each other but never with themselves, and always see increasing
// versions.
type Listener func(Snapshot)

// Options configures a Client. Namespace and Source are required.
type Options struct {
	Namespace string
	Source    Source
	// MinBackoff and MaxBackoff bound the delay between retries after a
	// failed poll. Defaults 500ms and 30s.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// Clock defaults to the wall clock.
	Clock Clock
	// Logf, if set, receives diagnostics such as poll errors.
	Logf func(format string, args ...interface{})
}

// Stats reports the client's activity.
type Stats struct {
	Polls          int64
	Errors         int64
	LastError      error
	ListenerPanics int64
}

type registered struct {
	id int
	fn Listener
}

// Client long-polls one namespace. Create it with New and call Start.
type Client struct {
	opts Options

	cancel context.CancelFunc
	done   chan struct{}
	ready  chan struct{}

	mu         sync.Mutex
	current    Snapshot
	hasCurrent bool
	listeners  map[int]Listener
	nextID     int
	stats      Stats
}

// New validates opts and returns a client that is not polling yet.
func New(opts Options) (*Client, error) {
	if opts.Namespace == "" {
		return nil, errors.New("configpoll: Options.Namespace is required")
	}
	if opts.Source == nil {
		return nil, errors.New("configpoll: Options.Source is required")
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 500 * time.Millisecond
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	return &Client{
		opts:      opts,
		done:      make(chan struct{}),
		ready:     make(chan struct{}),
		listeners: make(map[int]Listener),
	}, nil
}

// Start begins polling in the background. The poll loop stops when ctx is
// done or Close is called.
func (c *Client) Start(ctx context.Context) {
	ctx, c.cancel = context.WithCancel(ctx)
	go c.run(ctx)
}

// Close stops polling. It does not wait for listeners that are running;
// use Done for that.
func (c *Client) Close() {
	if c.cancel != nil {
		c.cancel()
	}
}

// Ready is closed once the first snapshot has been received.
func (c *Client) Ready() <-chan struct{} { return c.ready }

// Done is closed when the poll loop has exited.
func (c *Client) Done() <-chan struct{} { return c.done }

// Current returns the latest snapshot, if one has been received.
func (c *Client) Current() (Snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current, c.hasCurrent
}

// Subscribe registers fn for all versions published after this call and
// returns a function that removes it again.
func (c *Client) Subscribe(fn Listener) (unsubscribe func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nextID++
	id := c.nextID
	c.listeners[id] = fn
	return func() {
		c.mu.Lock()
		delete(c.listeners, id)
		c.mu.Unlock()
	}
}

// Await blocks until a snapshot with at least version v is available.
func (c *Client) Await(ctx context.Context, v Version) (Snapshot, error) {
	ch := make(chan Snapshot, 1)
	unsubscribe := c.Subscribe(func(s Snapshot) {
		if s.Version >= v {
			select {
			case ch <- s:
			default:
			}
		}
	})
	defer unsubscribe()

	if cur, ok := c.Current(); ok && cur.Version >= v {
		return cur, nil
	}
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return Snapshot{}, fmt.Errorf("configpoll: waiting for %s version %d: %w", c.opts.Namespace, v, ctx.Err())
	}
}

// Stats returns a copy of the client's counters.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

func (c *Client) run(ctx context.Context) {
	defer close(c.done)
	backoff := c.opts.MinBackoff
	var since Version
	for {
		snap, err := c.opts.Source.Poll(ctx, c.opts.Namespace, since)
		if ctx.Err() != nil {
			return
		}
		c.mu.Lock()
		c.stats.Polls++
		c.mu.Unlock()

		switch {
		case errors.Is(err, ErrNotModified):
			backoff = c.opts.MinBackoff
			continue
		case err != nil:
			c.recordError(fmt.Errorf("configpoll: poll %s since %d: %w", c.opts.Namespace, since, err))
			select {
			case <-c.opts.Clock.After(backoff):
			case <-ctx.Done():
				return
			}
			if backoff *= 2; backoff > c.opts.MaxBackoff {
				backoff = c.opts.MaxBackoff
			}
			continue
		}

		backoff = c.opts.MinBackoff
		if snap.Version <= since {
			// A lagging replica answered; keep what we have.
			continue
		}
		since = snap.Version
		c.publish(snap)
	}
}

func (c *Client) recordError(err error) {
	c.mu.Lock()
	c.stats.Errors++
	c.stats.LastError = err
	c.mu.Unlock()
	c.logf("%v", err)
}

// publish installs snap as the current snapshot and notifies listeners.
func (c *Client) publish(snap Snapshot) {
	c.mu.Lock()
	c.current = snap
	if !c.hasCurrent {
		c.hasCurrent = true
		close(c.ready)
	}
	ls := make([]registered, 0, len(c.listeners))
	for id, fn := range c.listeners {
		ls = append(ls, registered{id: id, fn: fn})
	}
	c.mu.Unlock()

	sort.Slice(ls, func(i, j int) bool { return ls[i].id < ls[j].id })
	c.notify(ls, snap)
}

func (c *Client) logf(format string, args ...interface{}) {
	if c.opts.Logf != nil {
		c.opts.Logf(format, args...)
	}
}
