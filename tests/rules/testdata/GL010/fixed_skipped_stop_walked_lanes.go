package fixedskippedstopwalkedlanes

import (
	"context"
	"errors"
	"strings"
	"sync"
)

var errEmptyDocument = errors.New("empty document")

// indexer spreads documents over lanes, each counting words on a goroutine of its own.
type indexer struct {
	lanes []chan string
	wg    sync.WaitGroup

	mu    sync.Mutex
	words map[string]int
}

func startIndexer(lanes int) *indexer {
	ix := &indexer{words: make(map[string]int)}
	for i := 0; i < lanes; i++ {
		lane := make(chan string)
		ix.lanes = append(ix.lanes, lane)
		ix.wg.Add(1)
		go func() {
			defer ix.wg.Done()
			for doc := range lane {
				ix.count(doc)
			}
		}()
	}
	return ix
}

func (ix *indexer) count(doc string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, w := range strings.Fields(doc) {
		ix.words[w]++
	}
}

func (ix *indexer) close() {
	for _, lane := range ix.lanes {
		close(lane)
	}
	ix.wg.Wait()
}

// Index counts the words of every document, refusing empty ones.
func Index(ctx context.Context, docs []string, lanes int) error {
	ix := startIndexer(lanes)
	for i, doc := range docs {
		if doc == "" {
			ix.close()
			return errEmptyDocument
		}
		select {
		case ix.lanes[i%lanes] <- doc:
		case <-ctx.Done():
			ix.close()
			return ctx.Err()
		}
	}
	ix.close()
	return nil
}
