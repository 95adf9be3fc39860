// Package userloader coalesces the user lookups that concurrent request handlers
// make into one backend call per short window, dataloader style.
package userloader

import (
	"context"
	"errors"
	"time"
)

// User is what the backend returns.
type User struct {
	ID    string
	Email string
}

// BatchFunc fetches many users at once; missing IDs are simply absent.
type BatchFunc func(ctx context.Context, ids []string) (map[string]User, error)

// Options tune the batching.
type Options struct {
	Wait     time.Duration // how long the first lookup waits for company
	MaxBatch int
	Timeout  time.Duration // per backend call
	Logf     func(format string, args ...any)
}

var (
	ErrNotFound = errors.New("userloader: no such user")
	ErrClosed   = errors.New("userloader: closed")
)

// Loader batches lookups.
type Loader struct {
	fetch BatchFunc
	opts  Options
	reqs  chan request
	quit  chan struct{}
}

type request struct {
	id    string
	reply chan result
}

type result struct {
	user User
	err  error
}

// New starts a loader.
func New(fetch BatchFunc, opts Options) *Loader {
	if opts.Wait <= 0 {
		opts.Wait = 2 * time.Millisecond
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 100
	}
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	l := &Loader{fetch: fetch, opts: opts, reqs: make(chan request), quit: make(chan struct{})}
	go l.collect()
	return l
}

// Load returns one user, sharing a backend call with concurrent loads.
func (l *Loader) Load(ctx context.Context, id string) (User, error) {
	req := request{id: id, reply: make(chan result, 1)}
	select {
	case l.reqs <- req:
	case <-ctx.Done():
		return User{}, ctx.Err()
	case <-l.quit:
		return User{}, ErrClosed
	}
	r := <-req.reply
	return r.user, r.err
}

// Close stops accepting loads; a batch already collected is still sent.
func (l *Loader) Close() { close(l.quit) }
