// Package doh implements a DNS-over-HTTPS forwarding resolver that races a
// query across several upstream DoH servers and answers with the first
// usable response.
package doh

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrNoUpstreams is returned by Resolve when the resolver has nothing to ask.
var ErrNoUpstreams = errors.New("doh: no upstreams configured")

// Option configures a Resolver.
type Option func(*Resolver)

// WithTimeout bounds how long a single query may take across all upstreams.
func WithTimeout(d time.Duration) Option {
	return func(r *Resolver) { r.timeout = d }
}

// WithHedgeDelay staggers the upstreams: the i-th upstream is only asked
// after i*d, so a healthy primary usually answers alone.
func WithHedgeDelay(d time.Duration) Option {
	return func(r *Resolver) { r.hedge = d }
}

// Resolver forwards wire-format DNS queries to a set of upstreams.
type Resolver struct {
	upstreams []*Upstream
	timeout   time.Duration
	hedge     time.Duration
}

// NewResolver returns a resolver that races the given upstreams in order.
func NewResolver(upstreams []*Upstream, opts ...Option) *Resolver {
	r := &Resolver{
		upstreams: upstreams,
		timeout:   2 * time.Second,
		hedge:     50 * time.Millisecond,
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

// answer is a response message together with the upstream that produced it.
type answer struct {
	msg  []byte
	from string
}

// Resolve sends query to the upstreams and returns the first successful
// response. It fails only when every upstream has failed or the deadline
// passes.
func (r *Resolver) Resolve(ctx context.Context, query []byte) ([]byte, error) {
	if len(r.upstreams) == 0 {
		return nil, ErrNoUpstreams
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()

	answers := make(chan answer, len(r.upstreams))
	errs := make(chan error, len(r.upstreams))
	for i, u := range r.upstreams {
		u.race(ctx, query, time.Duration(i)*r.hedge, answers, errs)
	}

	var first error
	for range r.upstreams {
		select {
		case a := <-answers:
			return a.msg, nil
		case err := <-errs:
			if first == nil {
				first = err
			}
		case <-ctx.Done():
			return nil, fmt.Errorf("doh: resolve: %w", ctx.Err())
		}
	}
	return nil, fmt.Errorf("doh: all %d upstreams failed: %w", len(r.upstreams), first)
}
