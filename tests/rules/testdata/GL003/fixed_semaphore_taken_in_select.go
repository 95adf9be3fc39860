package fixedsemaphoretakeninselect

import (
	"context"
	"fmt"
	"sync"
)

// FetchAll fetches every key, at most limit at a time, and stops starting fetches once
// ctx ends. A fetch only starts once its slot is taken, so the slot it gives back on
// its way out is always there.
func FetchAll(ctx context.Context, keys []string, limit int, fetch func(context.Context, string) error) ([]error, error) {
	errs := make([]error, len(keys))
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	var stopped error
	for i, k := range keys {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			stopped = fmt.Errorf("%d keys not fetched: %w", len(keys)-i, ctx.Err())
		}
		if stopped != nil {
			break
		}
		wg.Add(1)
		go func(i int, k string) {
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = fetch(ctx, k)
		}(i, k)
	}
	wg.Wait()
	return errs, stopped
}
