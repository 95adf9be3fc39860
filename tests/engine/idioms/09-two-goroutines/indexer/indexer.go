package indexer

import (
	"context"
	"sync"
)

// run: ctx, cancel := context.WithCancel(context.Background()); cancel(); NewIndex().Add(ctx, "the quick brown fox")

// Index maps terms to how often they were seen.
type Index struct {
	mu    sync.Mutex
	terms map[string]int
}

func NewIndex() *Index { return &Index{terms: map[string]int{}} }

// Add tokenizes doc on one goroutine and stores the terms on another; it does not wait.
func (ix *Index) Add(ctx context.Context, doc string) {
	tokens := make(chan string)
	go ix.tokenize(doc, tokens)
	go ix.store(ctx, tokens)
}
