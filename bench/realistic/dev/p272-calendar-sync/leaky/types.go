// Package calsync keeps a local calendar in sync with several upstream
// providers (Google, Exchange, CalDAV, ...). Each pass pulls incremental
// changes from every provider, resolves events that appear in more than one
// of them and writes the winners to the local store.
package calsync

import (
	"context"
	"errors"
	"time"
)

// Event is a calendar event. UID is the iCalendar UID, which is shared by
// all copies of the same meeting across providers.
type Event struct {
	UID     string
	Title   string
	Start   time.Time
	End     time.Time
	Updated time.Time
	Deleted bool
	// Source is the provider the stored copy came from.
	Source string
}

// ChangeSet is an incremental page of changes from one provider.
type ChangeSet struct {
	Events []Event
	// NextToken is the opaque cursor to pass on the next call.
	NextToken string
}

// Provider is an upstream calendar.
type Provider interface {
	Name() string
	// Changes returns the changes since token. An empty token requests a
	// full listing. ErrTokenExpired means the cursor is too old.
	Changes(ctx context.Context, token string) (ChangeSet, error)
}

// Store is the local calendar database. Sync tokens are kept next to the
// events so that a restart resumes where the last pass stopped.
type Store interface {
	Get(ctx context.Context, uid string) (Event, bool, error)
	Put(ctx context.Context, ev Event) error
	Delete(ctx context.Context, uid string) error
	Token(ctx context.Context, provider string) (string, error)
	SetToken(ctx context.Context, provider, token string) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Errors returned by the package.
var (
	ErrTokenExpired = errors.New("calsync: sync token expired")
	ErrNoProviders  = errors.New("calsync: no providers configured")
)

// Report summarises one sync pass.
type Report struct {
	Started  time.Time
	Fetched  int
	Written  int
	Deleted  int
	Stale    int
	Resets   []string
	Failures map[string]error
}
