// Package purge invalidates cached objects across a CDN's points of
// presence (PoPs).
//
// A purge request names cache keys, surrogate tags or both. The Purger fans
// the request out to every PoP through an Edge client, retrying transient
// failures, and returns a Report describing what happened at each PoP.
package purge

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Errors an Edge implementation may return (possibly wrapped).
var (
	// ErrUnauthorized means the API token was rejected. Tokens are shared by
	// all PoPs, so there is no point in continuing with the others.
	ErrUnauthorized = errors.New("purge: unauthorized")
	// ErrThrottled means the PoP asked us to slow down; it is retried.
	ErrThrottled = errors.New("purge: throttled")
	// ErrInvalidRequest means the request was malformed; it is not retried.
	ErrInvalidRequest = errors.New("purge: invalid request")
)

// ErrIncomplete is returned, wrapped, when at least one PoP could not be
// purged. The accompanying Report says which.
var ErrIncomplete = errors.New("purge: incomplete")

// Request describes what to invalidate.
type Request struct {
	// Keys are exact cache keys, usually normalised URLs.
	Keys []string
	// Tags are surrogate keys attached to cached objects by the origin.
	Tags []string
	// Soft marks objects stale instead of evicting them, so PoPs can keep
	// serving them while they revalidate.
	Soft bool
}

func (r Request) validate() error {
	if len(r.Keys) == 0 && len(r.Tags) == 0 {
		return fmt.Errorf("%w: no keys or tags", ErrInvalidRequest)
	}
	for _, k := range r.Keys {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("%w: empty key", ErrInvalidRequest)
		}
	}
	return nil
}

// Edge is the control-plane API of a single PoP.
type Edge interface {
	Invalidate(ctx context.Context, pop string, req Request) error
}

// PoPResult is the outcome of a purge at a single PoP.
type PoPResult struct {
	PoP      string
	Attempts int
	Took     time.Duration
	Err      error
}

// Report summarises a purge across all PoPs.
type Report struct {
	Results []PoPResult
}

// Failed returns the PoPs where the purge did not succeed, sorted.
func (r *Report) Failed() []string {
	var out []string
	for _, res := range r.Results {
		if res.Err != nil {
			out = append(out, res.PoP)
		}
	}
	sort.Strings(out)
	return out
}

// Option configures a Purger.
type Option func(*Purger)

// WithConcurrency bounds how many PoPs are contacted at once.
func WithConcurrency(n int) Option {
	return func(p *Purger) {
		if n > 0 {
			p.concurrency = n
		}
	}
}

// WithAttemptTimeout bounds each call to a PoP.
func WithAttemptTimeout(d time.Duration) Option {
	return func(p *Purger) { p.attemptTimeout = d }
}

// WithRetries sets how many times a PoP is retried after a transient
// failure, and the initial backoff between attempts.
func WithRetries(n int, backoff time.Duration) Option {
	return func(p *Purger) {
		p.retries = n
		p.backoff = backoff
	}
}

// WithLogger directs diagnostic output to logf.
func WithLogger(logf func(format string, args ...interface{})) Option {
	return func(p *Purger) { p.logf = logf }
}

// Purger fans purge requests out to a fixed set of PoPs.
type Purger struct {
	edge           Edge
	pops           []string
	concurrency    int
	attemptTimeout time.Duration
	retries        int
	backoff        time.Duration
	logf           func(format string, args ...interface{})
}

// New returns a Purger that invalidates through edge at each of pops.
func New(edge Edge, pops []string, opts ...Option) (*Purger, error) {
	if edge == nil {
		return nil, errors.New("purge: nil edge client")
	}
	if len(pops) == 0 {
		return nil, errors.New("purge: no points of presence")
	}
	p := &Purger{
		edge:           edge,
		pops:           append([]string(nil), pops...),
		concurrency:    16,
		attemptTimeout: 5 * time.Second,
		retries:        3,
		backoff:        200 * time.Millisecond,
		logf:           func(string, ...interface{}) {},
	}
	for _, opt := range opts {
		opt(p)
	}
	return p, nil
}

// Purge invalidates req at every PoP and reports per-PoP outcomes. It
// returns an error wrapping ErrIncomplete if any PoP failed, and stops
// early with an error wrapping ErrUnauthorized if the token is rejected.
func (p *Purger) Purge(ctx context.Context, req Request) (*Report, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := p.fanOut(ctx, req)
	report := &Report{Results: make([]PoPResult, 0, len(p.pops))}
	for range p.pops {
		res := <-results
		if errors.Is(res.Err, ErrUnauthorized) {
			return report, fmt.Errorf("purge: aborted at %s: %w", res.PoP, res.Err)
		}
		report.Results = append(report.Results, res)
	}
	sort.Slice(report.Results, func(i, j int) bool {
		return report.Results[i].PoP < report.Results[j].PoP
	})
	if failed := report.Failed(); len(failed) > 0 {
		return report, fmt.Errorf("purge: %d of %d pops failed (%s): %w",
			len(failed), len(p.pops), strings.Join(failed, ", "), ErrIncomplete)
	}
	return report, nil
}
