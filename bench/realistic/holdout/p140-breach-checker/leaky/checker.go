// Package breach tells whether a password appears in known data breaches
// without disclosing it: only the first five hex characters of its SHA-1 are
// sent to the range API, and the match happens locally.
//
// Lookups are batched: requests arriving within a short window are grouped by
// prefix so that a burst of signups costs one API call per distinct prefix,
// and responses are cached.
package breach

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ErrClosed is returned by Check after Close.
var ErrClosed = errors.New("breach: checker closed")

// Config configures a Checker. Zero values select the defaults.
type Config struct {
	Client RangeClient
	Clock  Clock
	// FlushInterval is how long the first request of a batch waits for
	// company. Default 25ms.
	FlushInterval time.Duration
	// MaxBatch flushes a batch early once it holds this many requests.
	// Default 64.
	MaxBatch int
	// MaxInFlight caps concurrent API calls per batch. Default 8.
	MaxInFlight int
	// RequestTimeout bounds a single API call. Default 5s.
	RequestTimeout time.Duration
	// CacheTTL and CacheSize control the response cache. Defaults 1h, 4096.
	CacheTTL  time.Duration
	CacheSize int
}

func (c *Config) setDefaults() {
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 25 * time.Millisecond
	}
	if c.MaxBatch <= 0 {
		c.MaxBatch = 64
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 8
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 5 * time.Second
	}
	if c.CacheTTL <= 0 {
		c.CacheTTL = time.Hour
	}
	if c.CacheSize <= 0 {
		c.CacheSize = 4096
	}
}

// Checker looks up passwords. It is safe for concurrent use.
type Checker struct {
	cfg   Config
	cache *rangeCache
	reqs  chan *request

	ctx     context.Context // parent of API calls, canceled by Close
	cancel  context.CancelFunc
	quit    chan struct{}
	closing sync.Once
}

type request struct {
	ctx    context.Context
	prefix string
	suffix string
	reply  chan reply // buffered; written at most once
}

type reply struct {
	count int
	err   error
}

// New starts a Checker.
func New(cfg Config) (*Checker, error) {
	if cfg.Client == nil {
		return nil, errors.New("breach: Config.Client is required")
	}
	cfg.setDefaults()
	c := &Checker{
		cfg:   cfg,
		cache: newRangeCache(cfg.CacheTTL, cfg.CacheSize),
		reqs:  make(chan *request),
		quit:  make(chan struct{}),
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	go c.batchLoop()
	return c, nil
}

// Check returns how many times password has been seen in breaches; zero
// means it was not found.
func (c *Checker) Check(ctx context.Context, password string) (int, error) {
	prefix, suffix := split(password)
	if counts, ok := c.cache.get(prefix, c.cfg.Clock.Now()); ok {
		return counts[suffix], nil
	}

	r := &request{ctx: ctx, prefix: prefix, suffix: suffix, reply: make(chan reply, 1)}
	select {
	case c.reqs <- r:
	case <-c.quit:
		return 0, ErrClosed
	case <-ctx.Done():
		return 0, fmt.Errorf("breach: check: %w", ctx.Err())
	}
	select {
	case rep := <-r.reply:
		return rep.count, rep.err
	case <-ctx.Done():
		return 0, fmt.Errorf("breach: check: %w", ctx.Err())
	}
}

// Close stops the checker. Pending checks fail with ErrClosed.
func (c *Checker) Close() error {
	c.closing.Do(func() {
		close(c.quit)
		c.cancel()
	})
	return nil
}

// split returns the upper-case hex SHA-1 of password cut into the 5-character
// prefix sent to the API and the 35-character suffix matched locally.
func split(password string) (prefix, suffix string) {
	sum := sha1.Sum([]byte(password))
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	return h[:5], h[5:]
}
