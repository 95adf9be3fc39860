// Package index builds an inverted index of documents in parallel.
package index

import (
	"strings"
	"sync"
	"time"
)

// Doc is one document to index.
type Doc struct {
	ID   int
	Text string
}

// Index maps a term to the ids of the documents containing it.
type Index struct {
	mu    sync.Mutex
	terms map[string][]int
}

func (ix *Index) add(term string, id int) {
	ix.mu.Lock()
	ix.terms[term] = append(ix.terms[term], id)
	ix.mu.Unlock()
}

// Lookup returns the documents containing term.
func (ix *Index) Lookup(term string) []int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]int(nil), ix.terms[strings.ToLower(term)]...)
}

func indexDoc(wg *sync.WaitGroup, ix *Index, d Doc) {
	defer wg.Done()
	seen := map[string]bool{}
	for _, w := range strings.Fields(d.Text) {
		w = strings.ToLower(strings.Trim(w, ".,;:!?"))
		if w != "" && !seen[w] {
			seen[w] = true
			ix.add(w, d.ID)
		}
	}
}

// Build indexes docs; it gives up waiting after timeout and returns what is indexed so far.
func Build(docs []Doc, timeout time.Duration) (*Index, bool) {
	ix := &Index{terms: map[string][]int{}}
	var wg sync.WaitGroup
	for _, d := range docs {
		wg.Add(1)
		go indexDoc(&wg, ix, d)
	}
	complete := make(chan struct{})
	go func() {
		wg.Wait()
		close(complete)
	}()
	select {
	case <-complete:
		return ix, true
	case <-time.After(timeout):
		return ix, false
	}
}
