// Package index builds an in-memory inverted index by splitting a document set
// into shards and analyzing each shard on its own goroutine.
package index

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"unicode"
)

// Document is one unit of indexed text.
type Document struct {
	ID   string
	Body string
}

// Analyzer turns a document body into the terms that should be indexed.
type Analyzer func(body string) ([]string, error)

// ErrEmptyID is returned for documents that cannot be addressed.
var ErrEmptyID = errors.New("index: document has empty ID")

// Option configures a Builder.
type Option func(*Builder)

// WithShards sets how many shards the documents are split into.
func WithShards(n int) Option {
	return func(b *Builder) {
		if n > 0 {
			b.shards = n
		}
	}
}

// WithAnalyzer replaces the default whitespace-and-punctuation analyzer.
func WithAnalyzer(a Analyzer) Option {
	return func(b *Builder) { b.analyze = a }
}

// Builder turns documents into an Index.
type Builder struct {
	shards  int
	analyze Analyzer
}

// NewBuilder returns a Builder with the given options applied.
func NewBuilder(opts ...Option) *Builder {
	b := &Builder{shards: 4, analyze: DefaultAnalyzer}
	for _, o := range opts {
		o(b)
	}
	return b
}

// Index maps a term to the sorted IDs of the documents that contain it.
type Index struct {
	postings map[string][]string
}

// Lookup returns the IDs of documents that contain term.
func (ix *Index) Lookup(term string) []string {
	return ix.postings[strings.ToLower(term)]
}

// Terms reports how many distinct terms are indexed.
func (ix *Index) Terms() int { return len(ix.postings) }

// Build analyzes docs across the configured number of shards and merges the
// per-shard postings into a single Index.
func (b *Builder) Build(ctx context.Context, docs []Document) (*Index, error) {
	parts, err := b.partition(docs)
	if err != nil {
		return nil, err
	}
	results := b.startShards(ctx, parts)

	merged := make(map[string][]string)
	for range parts {
		select {
		case r := <-results:
			if r.err != nil {
				return nil, fmt.Errorf("index: shard %d: %w", r.shard, r.err)
			}
			for term, ids := range r.postings {
				merged[term] = append(merged[term], ids...)
			}
		case <-ctx.Done():
			return nil, fmt.Errorf("index: build interrupted: %w", ctx.Err())
		}
	}
	for _, ids := range merged {
		sort.Strings(ids)
	}
	return &Index{postings: merged}, nil
}

// partition assigns each document to a shard by hashing its ID, so that the
// same document always lands on the same shard.
func (b *Builder) partition(docs []Document) ([][]Document, error) {
	parts := make([][]Document, b.shards)
	for _, d := range docs {
		if d.ID == "" {
			return nil, ErrEmptyID
		}
		h := fnv.New32a()
		h.Write([]byte(d.ID))
		i := int(h.Sum32() % uint32(b.shards))
		parts[i] = append(parts[i], d)
	}
	return parts, nil
}

// DefaultAnalyzer lower-cases the body and splits it on anything that is not
// a letter or a digit.
func DefaultAnalyzer(body string) ([]string, error) {
	return strings.FieldsFunc(strings.ToLower(body), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), nil
}
