package quittingstage

import (
	"context"
	"errors"
	"strings"
)

// run: _, _ = Index(context.Background(), append([]string{"alpha", ""}, strings.Fields(strings.Repeat("word ", 50))...), 2)

// lines hands out every non-empty line, in order.
func lines(docs []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, d := range docs {
			out <- d // want "the goroutine that `lines` starts blocks forever on its next send once `Index` returns at line 52"
		}
	}()
	return out
}

type entry struct {
	word string
	err  error
}

// Index tokenises the documents with a few workers and stops at the first empty one.
func Index(ctx context.Context, docs []string, workers int) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := lines(docs)
	entries := make(chan entry)
	for i := 0; i < workers; i++ {
		go func() {
			for d := range in {
				e := entry{word: strings.ToUpper(d)}
				if d == "" {
					e.err = errors.New("empty document")
				}
				select {
				case entries <- e:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	var words []string
	for e := range entries {
		if e.err != nil {
			return nil, e.err
		}
		words = append(words, e.word)
		if len(words) == len(docs) {
			break
		}
	}
	return words, nil
}
