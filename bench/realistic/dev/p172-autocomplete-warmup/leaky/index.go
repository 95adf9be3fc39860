// Package suggest serves search-box autocompletion from an in-memory prefix
// index that is filled in the background from several term sources.
package suggest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Term is a completion candidate with its popularity.
type Term struct {
	Text   string
	Weight int
}

// Source supplies terms, e.g. top queries from logs or product names from
// the catalogue.
type Source struct {
	Name string
	Load func(ctx context.Context) ([]Term, error)
}

// Option configures an Index.
type Option func(*Index)

// WithSeed provides terms saved from an earlier run, keyed by source name.
// A seeded source is not loaded again during warm-up.
func WithSeed(seed map[string][]Term) Option {
	return func(ix *Index) { ix.seed = seed }
}

// WithErrorLog receives the error of every source that fails to load.
func WithErrorLog(f func(source string, err error)) Option {
	return func(ix *Index) { ix.logErr = f }
}

// Index answers prefix queries. It can be queried while it is still warming;
// results then come from the sources loaded so far.
type Index struct {
	sources []Source
	seed    map[string][]Term
	logErr  func(string, error)

	mu    sync.RWMutex
	terms []Term // sorted by Text

	ready  chan struct{}
	cancel context.CancelFunc
}

// New returns an Index and starts warming it from sources.
func New(sources []Source, opts ...Option) *Index {
	ctx, cancel := context.WithCancel(context.Background())
	ix := &Index{
		sources: sources,
		logErr:  func(string, error) {},
		ready:   make(chan struct{}),
		cancel:  cancel,
	}
	for _, o := range opts {
		o(ix)
	}
	go ix.warm(ctx)
	return ix
}

// WaitReady blocks until warm-up has finished or ctx is done.
func (ix *Index) WaitReady(ctx context.Context) error {
	select {
	case <-ix.ready:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("suggest: waiting for warm-up: %w", ctx.Err())
	}
}

// Suggest returns up to n terms starting with prefix, most popular first.
func (ix *Index) Suggest(prefix string, n int) []string {
	prefix = strings.ToLower(prefix)
	ix.mu.RLock()
	i := sort.Search(len(ix.terms), func(i int) bool { return ix.terms[i].Text >= prefix })
	var hits []Term
	for ; i < len(ix.terms) && strings.HasPrefix(ix.terms[i].Text, prefix); i++ {
		hits = append(hits, ix.terms[i])
	}
	ix.mu.RUnlock()

	sort.SliceStable(hits, func(a, b int) bool { return hits[a].Weight > hits[b].Weight })
	if len(hits) > n {
		hits = hits[:n]
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Text
	}
	return out
}

// Close stops a warm-up that is still running. The index stays queryable.
func (ix *Index) Close() {
	ix.cancel()
}

// add merges terms into the index, keeping the highest weight per text.
func (ix *Index) add(terms []Term) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	byText := make(map[string]int, len(ix.terms)+len(terms))
	for _, t := range ix.terms {
		byText[t.Text] = t.Weight
	}
	for _, t := range terms {
		text := strings.ToLower(strings.TrimSpace(t.Text))
		if w, ok := byText[text]; !ok || t.Weight > w {
			byText[text] = t.Weight
		}
	}
	merged := make([]Term, 0, len(byText))
	for text, w := range byText {
		merged = append(merged, Term{Text: text, Weight: w})
	}
	sort.Slice(merged, func(a, b int) bool { return merged[a].Text < merged[b].Text })
	ix.terms = merged
}
