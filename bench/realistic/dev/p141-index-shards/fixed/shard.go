package index

import (
	"context"
	"fmt"
)

// shardResult is what one shard worker hands back to Build.
type shardResult struct {
	shard    int
	postings map[string][]string
	err      error
}

// startShards launches one worker per shard. Each worker delivers exactly one
// result on the returned channel.
func (b *Builder) startShards(ctx context.Context, parts [][]Document) <-chan shardResult {
	results := make(chan shardResult, len(parts))
	for i, part := range parts {
		go func(i int, part []Document) {
			results <- b.indexShard(ctx, i, part)
		}(i, part)
	}
	return results
}

// indexShard builds the postings of a single shard. Every document ID appears
// at most once per term.
func (b *Builder) indexShard(ctx context.Context, shard int, docs []Document) shardResult {
	postings := make(map[string][]string)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return shardResult{shard: shard, err: err}
		}
		terms, err := b.analyze(d.Body)
		if err != nil {
			return shardResult{shard: shard, err: fmt.Errorf("analyze %q: %w", d.ID, err)}
		}
		seen := make(map[string]bool, len(terms))
		for _, t := range terms {
			if seen[t] {
				continue
			}
			seen[t] = true
			postings[t] = append(postings[t], d.ID)
		}
	}
	return shardResult{shard: shard, postings: postings}
}
