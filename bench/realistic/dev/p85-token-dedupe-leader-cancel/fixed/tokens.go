package authcache

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Token is an access token for one audience.
type Token struct {
	Value  string
	Expiry time.Time
}

// Fetcher obtains a fresh token from the identity provider.
type Fetcher func(ctx context.Context, audience string) (Token, error)

// flight is one fetch in progress; followers wait on done.
type flight struct {
	done chan struct{}
	tok  Token
	err  error
}

// Cache hands out tokens, refreshing them shortly before they expire and
// making sure concurrent callers share a single fetch per audience.
type Cache struct {
	fetch Fetcher
	skew  time.Duration
	now   func() time.Time

	mu       sync.Mutex
	tokens   map[string]Token
	inflight map[string]*flight
	fetches  int
}

// New returns a cache that refreshes tokens skew before they expire.
func New(fetch Fetcher, skew time.Duration) *Cache {
	return &Cache{
		fetch:    fetch,
		skew:     skew,
		now:      time.Now,
		tokens:   make(map[string]Token),
		inflight: make(map[string]*flight),
	}
}

// Get returns a valid token for audience.
func (c *Cache) Get(ctx context.Context, audience string) (Token, error) {
	c.mu.Lock()
	if t, ok := c.tokens[audience]; ok && c.now().Add(c.skew).Before(t.Expiry) {
		c.mu.Unlock()
		return t, nil
	}
	if f, ok := c.inflight[audience]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.tok, f.err
		case <-ctx.Done():
			return Token{}, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[audience] = f
	c.fetches++
	c.mu.Unlock()

	tok, err := c.fetch(ctx, audience)
	if err != nil && ctx.Err() != nil {
		// Our own caller went away. Do not cache or share a cancellation:
		// forget the flight so the next caller starts a fresh fetch.
		c.mu.Lock()
		delete(c.inflight, audience)
		f.err = ErrRetry
		c.mu.Unlock()
		close(f.done)
		return Token{}, err
	}

	c.mu.Lock()
	delete(c.inflight, audience)
	if err == nil {
		c.tokens[audience] = tok
	}
	f.tok, f.err = tok, err
	c.mu.Unlock()
	close(f.done)
	return tok, err
}

// Fetches reports how many fetches were started.
func (c *Cache) Fetches() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

// ErrRetry tells a follower that the shared fetch was abandoned.
var ErrRetry = errors.New("authcache: shared fetch abandoned, retry")
