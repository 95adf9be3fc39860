package search

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Doc is a document to index.
type Doc struct {
	ID   string
	Body string
}

// Store persists posting lists, e.g. to a key-value store on disk.
type Store interface {
	Append(term string, docIDs []string) error
}

type posting struct {
	doc   string
	terms []string
}

// Indexer tokenizes documents on a few workers and hands the postings to a
// single collector that writes them to the store.
type Indexer struct {
	store   Store
	jobs    chan Doc
	results chan posting
	quit    chan struct{}
	done    chan struct{}
	workers sync.WaitGroup

	mu      sync.Mutex
	indexed int
	err     error
}

// NewIndexer starts n tokenizer workers and the collector.
func NewIndexer(store Store, n int) *Indexer {
	ix := &Indexer{
		store:   store,
		jobs:    make(chan Doc, 128),
		results: make(chan posting),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	ix.workers.Add(n)
	for i := 0; i < n; i++ {
		go ix.tokenize()
	}
	go ix.collect()
	return ix
}

// Add queues d for indexing.
func (ix *Indexer) Add(d Doc) { ix.jobs <- d }

func (ix *Indexer) tokenize() {
	defer ix.workers.Done()
	for d := range ix.jobs {
		ix.results <- posting{doc: d.ID, terms: terms(d.Body)} // leak: Close stops the collector before the workers have finished the queue, so the next posting has no receiver
	}
}

func (ix *Indexer) collect() {
	defer close(ix.done)
	for {
		select {
		case p := <-ix.results:
			for _, t := range p.terms {
				if err := ix.store.Append(t, []string{p.doc}); err != nil {
					ix.mu.Lock()
					if ix.err == nil {
						ix.err = err
					}
					ix.mu.Unlock()
				}
			}
			ix.mu.Lock()
			ix.indexed++
			ix.mu.Unlock()
		case <-ix.quit:
			return
		}
	}
}

// Close stops accepting documents, lets the pipeline settle and reports the
// first store error.
func (ix *Indexer) Close() (indexed int, err error) {
	close(ix.jobs)
	close(ix.quit)
	<-ix.done
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.indexed, ix.err
}

func terms(body string) []string {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(body), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) > 2 {
			seen[w] = true
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
