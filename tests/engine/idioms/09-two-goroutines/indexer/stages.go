package indexer

import (
	"context"
	"strings"
	"time"
)

func (ix *Index) tokenize(doc string, tokens chan<- string) {
	defer close(tokens)
	for _, w := range strings.Fields(doc) {
		time.Sleep(time.Millisecond) // stemming is slow
		tokens <- strings.ToLower(w) // want "blocks forever"
	}
}

func (ix *Index) store(ctx context.Context, tokens <-chan string) {
	for {
		select {
		case t, ok := <-tokens:
			if !ok {
				return
			}
			ix.mu.Lock()
			ix.terms[t]++
			ix.mu.Unlock()
		case <-ctx.Done():
			return // the request was cancelled: drop the rest
		}
	}
}
