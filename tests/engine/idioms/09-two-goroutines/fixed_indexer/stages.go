package fixed_indexer

import (
	"context"
	"strings"
	"time"
)

func (ix *Index) tokenize(ctx context.Context, doc string, tokens chan<- string) {
	defer close(tokens)
	for _, w := range strings.Fields(doc) {
		time.Sleep(time.Millisecond) // stemming is slow
		select {
		case tokens <- strings.ToLower(w):
		case <-ctx.Done(): // store stops reading on cancellation, so stop producing
			return
		}
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
