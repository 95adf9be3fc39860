package geocache

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Warmup looks up points so that their tiles are cached before traffic
// arrives, using Config.WarmupConcurrency parallel lookups. Points in the
// same tile are looked up once. Points without a place and invalid points
// are skipped; any other error stops the warmup and is returned.
func (c *Cache) Warmup(ctx context.Context, points []Point) error {
	jobs := make(chan Point)
	go feed(ctx, dedupeTiles(points, c.cfg.Zoom), jobs)

	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for i := 0; i < c.cfg.WarmupConcurrency; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pt := range jobs {
				_, err := c.Lookup(ctx, pt)
				if err == nil || errors.Is(err, ErrNoResult) || errors.Is(err, ErrInvalidPoint) {
					continue
				}
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("warm %v: %w", pt, err)
				}
				mu.Unlock()
				return
			}
		}()
	}
	wg.Wait()

	if firstErr != nil {
		return fmt.Errorf("geocache: warmup aborted: %w", firstErr)
	}
	return ctx.Err()
}

// feed sends points to out until they run out or ctx ends, then closes out.
func feed(ctx context.Context, points []Point, out chan<- Point) {
	defer close(out)
	for _, pt := range points {
		select { // leak: nobody receives once every warmup worker has stopped on an error
		case out <- pt:
		case <-ctx.Done():
			return
		}
	}
}

// dedupeTiles keeps the first point of every tile, preserving order.
func dedupeTiles(points []Point, zoom int) []Point {
	seen := make(map[tileKey]struct{}, len(points))
	out := points[:0:0]
	for _, pt := range points {
		k := tileOf(pt, zoom)
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		out = append(out, pt)
	}
	return out
}
