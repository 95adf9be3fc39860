// Package purge invalidates cached objects across the edge nodes of a CDN.
package purge

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// ErrQuorum means too many edges failed for the purge to count as done.
var ErrQuorum = errors.New("purge: not enough edges acknowledged")

// Result describes how each edge answered a purge.
type Result struct {
	Acked  []string
	Failed map[string]error
}

// Option configures a Purger.
type Option func(*Purger)

// WithMinAcks makes Purge return as soon as n edges have acknowledged,
// leaving the rest to finish in the background. The default is every edge.
func WithMinAcks(n int) Option { return func(p *Purger) { p.minAcks = n } }

// WithTimeout bounds a whole purge, retries included.
func WithTimeout(d time.Duration) Option { return func(p *Purger) { p.timeout = d } }

// WithRetries sets how often a failing edge is asked again.
func WithRetries(n int, backoff time.Duration) Option {
	return func(p *Purger) { p.retries, p.backoff = n, backoff }
}

// Purger fans purge requests out to a fixed set of edges.
type Purger struct {
	edges   []Edge
	minAcks int
	timeout time.Duration
	retries int
	backoff time.Duration
}

// New returns a Purger for edges.
func New(edges []Edge, opts ...Option) (*Purger, error) {
	if len(edges) == 0 {
		return nil, errors.New("purge: no edges configured")
	}
	p := &Purger{edges: edges, timeout: 30 * time.Second, retries: 2, backoff: 200 * time.Millisecond}
	for _, o := range opts {
		o(p)
	}
	if p.minAcks <= 0 || p.minAcks > len(edges) {
		p.minAcks = len(edges)
	}
	return p, nil
}

// Purge invalidates paths on the edges. It returns once MinAcks edges have
// acknowledged, or with ErrQuorum once that can no longer happen.
func (p *Purger) Purge(ctx context.Context, paths ...string) (*Result, error) {
	if len(paths) == 0 {
		return nil, errors.New("purge: no paths given")
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	results := make(chan edgeResult, len(p.edges))
	for _, e := range p.edges {
		go p.purgeEdge(ctx, e, paths, results)
	}

	res := &Result{Failed: make(map[string]error)}
	maxFailures := len(p.edges) - p.minAcks
	for range p.edges {
		var r edgeResult
		select {
		case r = <-results:
		case <-ctx.Done():
			return res, fmt.Errorf("purge %d paths: %w", len(paths), ctx.Err())
		}
		if r.err != nil {
			res.Failed[r.edge] = r.err
			if len(res.Failed) > maxFailures {
				return res, fmt.Errorf("purge %d paths: %d of %d edges failed: %w",
					len(paths), len(res.Failed), len(p.edges), ErrQuorum)
			}
			continue
		}
		res.Acked = append(res.Acked, r.edge)
		if len(res.Acked) >= p.minAcks {
			break
		}
	}
	sort.Strings(res.Acked)
	return res, nil
}
