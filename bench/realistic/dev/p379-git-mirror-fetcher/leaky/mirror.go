// Package mirror keeps local mirrors of many remote git repositories up to
// date. Each remote is fetched on its own interval; fetches against the same
// host are limited so a large fleet of mirrors does not hammer one forge,
// and per-host access tokens are cached and refreshed as they expire.
package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"sync"
	"time"
)

// ErrUnauthorized is returned by a Transport when the server rejects a token.
var ErrUnauthorized = errors.New("mirror: unauthorized")

// Remote is one upstream repository to mirror: its name in the local Store
// and its https clone URL.
type Remote struct {
	Name string
	URL  string
}

// Transport speaks the git smart protocol to a server.
type Transport interface {
	// ListRefs returns the advertised refs of the repository at url.
	ListRefs(ctx context.Context, url, token string) (map[string]string, error)
	// FetchPack requests the objects reachable from want but not from have.
	// The response is a side-band-64k stream of pkt-lines.
	FetchPack(ctx context.Context, url, token string, want, have []string) (io.ReadCloser, error)
}

// Store is the local mirror storage.
type Store interface {
	Refs(ctx context.Context, repo string) (map[string]string, error)
	// WritePack indexes and stores the packfile read from r.
	WritePack(ctx context.Context, repo string, r io.Reader) error
	UpdateRefs(ctx context.Context, repo string, refs map[string]string) error
}

// Token is a short-lived credential for one host.
type Token struct {
	Value  string
	Expiry time.Time
}

// TokenSource mints access tokens, e.g. GitHub App installation tokens.
type TokenSource interface {
	Token(ctx context.Context, host string) (Token, error)
}

// Clock abstracts time for the scheduler and token expiry.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config tunes a Mirror.
type Config struct {
	// PerHostLimit bounds concurrent fetches against a single host.
	PerHostLimit int
	// Interval is the time between two fetches of the same remote.
	Interval time.Duration
	Clock    Clock
	Logger   *log.Logger
}

// Mirror fetches a set of remotes into a Store.
type Mirror struct {
	cfg       Config
	transport Transport
	store     Store
	limiter   *hostLimiter
	tokens    *tokenCache
}

// New returns a Mirror. transport, store and tokens are required.
func New(cfg Config, transport Transport, store Store, tokens TokenSource) (*Mirror, error) {
	if transport == nil || store == nil || tokens == nil {
		return nil, errors.New("mirror: transport, store and token source are required")
	}
	if cfg.PerHostLimit <= 0 {
		cfg.PerHostLimit = 4
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Mirror{
		cfg:       cfg,
		transport: transport,
		store:     store,
		limiter:   &hostLimiter{limit: cfg.PerHostLimit, sems: make(map[string]chan struct{})},
		tokens:    &tokenCache{src: tokens, clock: cfg.Clock, skew: time.Minute, tokens: make(map[string]Token)},
	}, nil
}

// Run fetches every remote on its interval until ctx is cancelled. Errors
// from individual fetches are logged and retried at the next interval.
func (m *Mirror) Run(ctx context.Context, remotes []Remote) error {
	var wg sync.WaitGroup
	for _, r := range remotes {
		wg.Add(1)
		go func(r Remote) {
			defer wg.Done()
			m.loop(ctx, r)
		}(r)
	}
	wg.Wait()
	return ctx.Err()
}

func (m *Mirror) loop(ctx context.Context, r Remote) {
	for {
		if err := m.Sync(ctx, r); err != nil && ctx.Err() == nil {
			m.cfg.Logger.Printf("mirror %s: %v", r.Name, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-m.cfg.Clock.After(m.cfg.Interval):
		}
	}
}

func hostOf(r Remote) (string, error) {
	u, err := url.Parse(r.URL)
	if err == nil && u.Host == "" {
		err = fmt.Errorf("no host in %q", r.URL)
	}
	if err != nil {
		return "", fmt.Errorf("mirror: remote %s: %w", r.Name, err)
	}
	return u.Host, nil
}
