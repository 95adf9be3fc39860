package search

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// diskStore stands in for an on-disk KV store: every append costs a little.
type diskStore struct {
	mu       sync.Mutex
	postings map[string][]string
}

func (s *diskStore) Append(term string, ids []string) error {
	time.Sleep(200 * time.Microsecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.postings[term] = append(s.postings[term], ids...)
	return nil
}

func TestCloseIndexesEverything(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &diskStore{postings: map[string][]string{}}
	ix := NewIndexer(store, 3)
	for i := 0; i < 40; i++ {
		ix.Add(Doc{
			ID:   fmt.Sprintf("doc-%02d", i),
			Body: fmt.Sprintf("Release notes %d: faster startup, smaller binaries, and fixes.", i),
		})
	}
	n, err := ix.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n != 40 {
		t.Errorf("indexed %d of 40 documents", n)
	}
}
