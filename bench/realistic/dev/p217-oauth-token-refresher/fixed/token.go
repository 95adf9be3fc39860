// Package tokenrefresh keeps an OAuth 2.0 access token fresh in the
// background and hands it out to any number of concurrent callers, which
// share a single in-flight refresh instead of stampeding the server.
package tokenrefresh

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrClosed is returned by Source methods after Close has been called.
var ErrClosed = errors.New("tokenrefresh: source closed")

// Token is an OAuth 2.0 token as issued by a token endpoint.
type Token struct {
	AccessToken  string
	TokenType    string
	RefreshToken string
	// Expiry is when AccessToken stops being accepted. The zero value means
	// the token does not expire.
	Expiry time.Time
}

// expiresWithin reports whether t is missing, or expires within d of now.
func (t *Token) expiresWithin(now time.Time, d time.Duration) bool {
	if t == nil || t.AccessToken == "" {
		return true
	}
	if t.Expiry.IsZero() {
		return false
	}
	return !now.Add(d).Before(t.Expiry)
}

// Valid reports whether t can still be presented to a resource server at now.
func (t *Token) Valid(now time.Time) bool {
	return !t.expiresWithin(now, 0)
}

// clone returns a copy of t so callers cannot mutate the cached token.
func (t *Token) clone() *Token {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// Endpoint is the authorization server's token endpoint.
type Endpoint interface {
	// Exchange obtains a fresh token without a refresh token, for example
	// with the client credentials grant.
	Exchange(ctx context.Context) (*Token, error)
	// Refresh redeems refreshToken for a new token.
	Refresh(ctx context.Context, refreshToken string) (*Token, error)
}

// RetrieveError is an error response from the token endpoint (RFC 6749,
// section 5.2).
type RetrieveError struct {
	Code        string // e.g. "invalid_grant", "invalid_client"
	Description string
}

func (e *RetrieveError) Error() string {
	if e.Description == "" {
		return fmt.Sprintf("oauth2: %s", e.Code)
	}
	return fmt.Sprintf("oauth2: %s: %s", e.Code, e.Description)
}

// Clock is the source of time for a Source. Tests substitute a fake.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the subset of *time.Timer used by a Source.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (t systemTimer) C() <-chan time.Time { return t.t.C }
func (t systemTimer) Stop() bool          { return t.t.Stop() }
