// Package oauth provides a client-credentials token source that many HTTP
// clients share, so that the authorization server sees one refresh per expiry
// instead of one per client.
package oauth

import (
	"context"
	"sync"
	"time"
)

// Token is an access token and the moment it stops being accepted.
type Token struct {
	AccessToken string
	TokenType   string
	Expiry      time.Time
}

// Valid reports whether t can still be used at now, keeping skew in reserve
// so that a request in flight does not carry a token that expires on the way.
func (t Token) Valid(now time.Time, skew time.Duration) bool {
	return t.AccessToken != "" && now.Add(skew).Before(t.Expiry)
}

// Fetcher obtains a fresh token from the authorization server.
type Fetcher interface {
	FetchToken(ctx context.Context) (Token, error)
}

// Option configures a Source.
type Option func(*Source)

// WithExpirySkew sets how long before its expiry a token is treated as stale.
func WithExpirySkew(d time.Duration) Option {
	return func(s *Source) { s.skew = d }
}

// WithFetchTimeout bounds a single call to the authorization server.
func WithFetchTimeout(d time.Duration) Option {
	return func(s *Source) { s.fetchTimeout = d }
}

// Source hands out a cached token and refreshes it when it is about to
// expire. Callers that find the token stale while a refresh is under way wait
// for that refresh rather than starting their own.
type Source struct {
	fetcher      Fetcher
	skew         time.Duration
	fetchTimeout time.Duration
	now          func() time.Time

	mu         sync.Mutex
	cond       *sync.Cond
	tok        Token
	refreshing bool
	refreshes  int
}

// NewSource returns a Source that obtains its tokens from f.
func NewSource(f Fetcher, opts ...Option) *Source {
	s := &Source{
		fetcher:      f,
		skew:         30 * time.Second,
		fetchTimeout: 10 * time.Second,
		now:          time.Now,
	}
	s.cond = sync.NewCond(&s.mu)
	for _, o := range opts {
		o(s)
	}
	return s
}

// Token returns a valid token, refreshing it first if needed.
func (s *Source) Token(ctx context.Context) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.refreshing {
		s.cond.Wait()
	}
	if s.tok.Valid(s.now(), s.skew) {
		return s.tok, nil
	}
	return s.refreshLocked(ctx)
}

// Invalidate drops the cached token if it is still stale, for example after
// the resource server rejected it before its advertised expiry.
func (s *Source) Invalidate(stale Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.AccessToken == stale.AccessToken {
		s.tok = Token{}
	}
}

// Refreshes reports how many times the token has been refreshed.
func (s *Source) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// refreshLocked fetches a new token with s.mu released while the request is
// in flight. It is called and returns with s.mu held.
func (s *Source) refreshLocked(ctx context.Context) (Token, error) {
	s.refreshing = true
	s.mu.Unlock()
	tok, err := s.fetch(ctx)
	s.mu.Lock()
	s.refreshing = false
	s.cond.Broadcast()
	if err != nil {
		return Token{}, err
	}
	s.tok = tok
	s.refreshes++
	return tok, nil
}
