package fixed_named_spawn

import (
	"errors"
	"log"
	"strings"
	"sync"
)

// run: _ = BuildIndex([]string{"alpha beta", "", "gamma"})

var errEmptyDoc = errors.New("index: empty document")

var running sync.Map // goroutine name -> true, for the debug page

// spawn runs f on a named goroutine that shows on the debug page while it runs.
func spawn(name string, f func()) {
	running.Store(name, true)
	go func() {
		defer running.Delete(name)
		defer func() {
			if r := recover(); r != nil {
				log.Printf("%s: %v", name, r)
			}
		}()
		f()
	}()
}

type indexer struct {
	queue chan string
	mu    sync.Mutex
	words map[string]int
}

func (ix *indexer) consume() {
	for doc := range ix.queue {
		ix.mu.Lock()
		for _, w := range strings.Fields(doc) {
			ix.words[w]++
		}
		ix.mu.Unlock()
	}
}

// BuildIndex feeds every document to a background consumer.
func BuildIndex(docs []string) error {
	ix := &indexer{queue: make(chan string, len(docs)), words: map[string]int{}}
	spawn("indexer", ix.consume)
	defer close(ix.queue) // the consumer ends on every return path
	for _, d := range docs {
		if d == "" {
			return errEmptyDoc
		}
		ix.queue <- d
	}
	return nil
}
