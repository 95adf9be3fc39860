package mirror

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// hostLimiter hands out a bounded number of fetch slots per host.
type hostLimiter struct {
	limit int
	mu    sync.Mutex
	sems  map[string]chan struct{}
}

// acquire waits for a slot on host and returns the function that frees it.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	sem, ok := l.sems[host]
	if !ok {
		sem = make(chan struct{}, l.limit)
		l.sems[host] = sem
	}
	l.mu.Unlock()

	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for %s slot: %w", host, ctx.Err())
	}
}

// tokenCache caches one token per host and refreshes it before it expires.
type tokenCache struct {
	src    TokenSource
	clock  Clock
	skew   time.Duration
	mu     sync.Mutex
	tokens map[string]Token
}

// get returns a token for host that is valid for at least the skew.
func (c *tokenCache) get(ctx context.Context, host string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t, ok := c.tokens[host]; ok && c.clock.Now().Add(c.skew).Before(t.Expiry) {
		return t.Value, nil
	}
	t, err := c.src.Token(ctx, host)
	if err != nil {
		return "", fmt.Errorf("refresh token for %s: %w", host, err)
	}
	c.tokens[host] = t
	return t.Value, nil
}

// invalidate drops the cached token for host, e.g. after it was revoked.
func (c *tokenCache) invalidate(host string) {
	c.mu.Lock()
	delete(c.tokens, host)
	c.mu.Unlock()
}
