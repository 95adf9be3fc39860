// Package flags evaluates feature flags from a local cache that is kept up to
// date by a streaming connection to the flag service.
package flags

import (
	"context"
	"hash/fnv"
	"log"
	"sync"
	"time"
)

// Flag is one feature flag as served by the flag service.
type Flag struct {
	Key     string
	Enabled bool
	// Rollout is the percentage (0-100) of users that see the flag on.
	Rollout int
	// Allow lists users that always see the flag on.
	Allow []string
	// Deleted marks a tombstone: the flag is removed from the cache.
	Deleted bool
}

// Update is one message on the stream: a set of changed flags and the
// revision they bring the cache to.
type Update struct {
	Revision int64
	Flags    []Flag
}

// Stream is an open subscription to flag changes. Recv blocks until the next
// update; it returns an error once the stream is closed or its context ends.
type Stream interface {
	Recv() (Update, error)
	Close() error
}

// Dialer opens a stream that replays changes after revision since.
type Dialer func(ctx context.Context, since int64) (Stream, error)

// Option configures a Cache.
type Option func(*Cache)

// WithHeartbeat sets how long the stream may stay silent before the cache
// assumes the connection is dead and reconnects. The service sends an empty
// update at least this often.
func WithHeartbeat(d time.Duration) Option { return func(c *Cache) { c.heartbeat = d } }

// WithBackoff sets the pause between reconnection attempts.
func WithBackoff(d time.Duration) Option { return func(c *Cache) { c.backoff = d } }

// WithLogger sets where connection problems are reported.
func WithLogger(l *log.Logger) Option { return func(c *Cache) { c.logger = l } }

// Cache answers flag evaluations from memory.
type Cache struct {
	dial      Dialer
	heartbeat time.Duration
	backoff   time.Duration
	logger    *log.Logger

	mu       sync.RWMutex
	flags    map[string]Flag
	revision int64

	cancel  context.CancelFunc
	stopped chan struct{}
}

// New returns a cache and starts keeping it in sync through dial. The cache
// is empty, and every flag evaluates to its default, until the first update.
func New(dial Dialer, opts ...Option) *Cache {
	c := &Cache{
		dial:      dial,
		heartbeat: 30 * time.Second,
		backoff:   time.Second,
		logger:    log.Default(),
		flags:     map[string]Flag{},
		stopped:   make(chan struct{}),
	}
	for _, o := range opts {
		o(c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	go c.sync(ctx)
	return c
}

// Close stops syncing and waits for the sync loop to finish.
func (c *Cache) Close() {
	c.cancel()
	<-c.stopped
}

// Enabled reports whether key is on for user, or def if the flag is unknown.
func (c *Cache) Enabled(key, user string, def bool) bool {
	c.mu.RLock()
	f, ok := c.flags[key]
	c.mu.RUnlock()
	if !ok {
		return def
	}
	if !f.Enabled {
		return false
	}
	for _, u := range f.Allow {
		if u == user {
			return true
		}
	}
	return bucket(key, user) < f.Rollout
}

// Revision returns the revision of the last applied update.
func (c *Cache) Revision() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.revision
}

func (c *Cache) apply(u Update) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u.Revision <= c.revision {
		return
	}
	for _, f := range u.Flags {
		if f.Deleted {
			delete(c.flags, f.Key)
			continue
		}
		c.flags[f.Key] = f
	}
	c.revision = u.Revision
}

// bucket maps a user to a stable percentile for a flag.
func bucket(key, user string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(user))
	return int(h.Sum32() % 100)
}
