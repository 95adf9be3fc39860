// Package shardrouter fans a search query out to every shard of an index,
// merges the per-shard rankings into a single top-k list and decides, per
// configuration, whether a partial answer is acceptable when shards fail.
package shardrouter

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// Errors returned by the router.
var (
	ErrNoShards       = errors.New("shardrouter: no shards configured")
	ErrDuplicateShard = errors.New("shardrouter: duplicate shard name")
	ErrInvalidQuery   = errors.New("shardrouter: invalid query")
)

// Query is a ranked search request.
type Query struct {
	Text string
	// K is the number of hits wanted in the merged result.
	K int
}

// Hit is a single ranked document.
type Hit struct {
	DocID string
	Score float64
	// Shard is the name of the shard that produced the hit. The router
	// fills it in.
	Shard string
}

// Result is the merged answer to a query.
type Result struct {
	Hits []Hit
	// Failures lists shards that failed but were tolerated under
	// Config.MaxShardFailures. A non-empty list means the result is partial.
	Failures []*ShardError
}

// Partial reports whether some shards did not contribute to the result.
func (r *Result) Partial() bool { return len(r.Failures) > 0 }

// ShardError records the failure of one shard.
type ShardError struct {
	Shard string
	Err   error
}

func (e *ShardError) Error() string { return fmt.Sprintf("shard %s: %v", e.Shard, e.Err) }

// Unwrap returns the underlying shard error.
func (e *ShardError) Unwrap() error { return e.Err }

// Config configures a Router.
type Config struct {
	// Shards are queried in parallel for every search.
	Shards []Shard
	// MaxShardFailures is how many shards may fail before the search as a
	// whole fails. Zero means every shard must answer.
	MaxShardFailures int
	// StreamBuffer is the number of hits buffered per shard while the
	// merger is busy with other shards. Defaults to 16.
	StreamBuffer int
}

// Router runs queries against a fixed set of shards.
type Router struct {
	cfg Config
}

// New validates cfg and returns a Router.
func New(cfg Config) (*Router, error) {
	if len(cfg.Shards) == 0 {
		return nil, ErrNoShards
	}
	seen := make(map[string]bool, len(cfg.Shards))
	for _, s := range cfg.Shards {
		if seen[s.Name()] {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateShard, s.Name())
		}
		seen[s.Name()] = true
	}
	if cfg.StreamBuffer <= 0 {
		cfg.StreamBuffer = 16
	}
	if cfg.MaxShardFailures < 0 {
		cfg.MaxShardFailures = 0
	}
	return &Router{cfg: cfg}, nil
}

// Search sends q to every shard and returns the best q.K hits overall,
// ordered by descending score. Shards that fail are reported in
// Result.Failures as long as no more than Config.MaxShardFailures of them
// fail; beyond that Search returns an error wrapping the last *ShardError.
func (r *Router) Search(ctx context.Context, q Query) (*Result, error) {
	if q.K <= 0 {
		return nil, fmt.Errorf("%w: k must be positive, got %d", ErrInvalidQuery, q.K)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	streams := make([]chan item, len(r.cfg.Shards))
	for i, s := range r.cfg.Shards {
		streams[i] = make(chan item, r.cfg.StreamBuffer)
		go pump(ctx, s, q, streams[i])
	}

	res, err := r.merge(q, streams)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		// Pumps stop early on cancellation, so what was merged is incomplete.
		return nil, fmt.Errorf("shardrouter: search %q: %w", q.Text, err)
	}
	return res, nil
}

// merge drains the shard streams in shard order. Every shard contributes at
// most q.K hits, so reading them all is bounded; the hits of a shard that
// fails part-way are discarded so a result never mixes in half a ranking.
func (r *Router) merge(q Query, streams []chan item) (*Result, error) {
	res := &Result{}
	var hits []Hit
	for i, ch := range streams {
		name := r.cfg.Shards[i].Name()
		var shardHits []Hit
		var shardErr error
		for it := range ch {
			if it.err != nil {
				shardErr = it.err
				continue
			}
			shardHits = append(shardHits, it.hit)
		}
		if shardErr == nil {
			hits = append(hits, shardHits...)
			continue
		}
		se := &ShardError{Shard: name, Err: shardErr}
		res.Failures = append(res.Failures, se)
		if len(res.Failures) > r.cfg.MaxShardFailures {
			return nil, fmt.Errorf("shardrouter: search %q: %d of %d shards failed: %w",
				q.Text, len(res.Failures), len(streams), se)
		}
	}

	sort.SliceStable(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return hits[a].DocID < hits[b].DocID
	})
	if len(hits) > q.K {
		hits = hits[:q.K]
	}
	res.Hits = hits
	return res, nil
}
