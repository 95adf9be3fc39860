package tiles

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Fetcher downloads the image of a single tile, usually from a tile server.
type Fetcher interface {
	Fetch(ctx context.Context, t Tile) ([]byte, error)
}

// StatusError is returned by Fetchers for non-2xx responses.
type StatusError struct {
	Code int
	Tile Tile
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("tile server returned %d %s for %s", e.Code, http.StatusText(e.Code), e.Tile)
}

// Temporary reports whether retrying the request may succeed.
func (e *StatusError) Temporary() bool {
	return e.Code == http.StatusTooManyRequests || e.Code >= 500
}

// Stats summarises a prefetch run.
type Stats struct {
	Requested int // tiles in the area
	Cached    int // already fresh in the cache
	Fetched   int // downloaded and stored
	Missing   int // the server has no such tile
	Failed    int // gave up after retries
}

// Option configures a Prefetcher.
type Option func(*Prefetcher)

// WithWorkers sets how many tiles are fetched concurrently. Tile servers
// usually ask clients to keep this small; the default is 4.
func WithWorkers(n int) Option {
	return func(p *Prefetcher) {
		if n > 0 {
			p.workers = n
		}
	}
}

// WithRetries sets how often a tile is retried after a temporary failure and
// the initial delay between attempts, which doubles after every attempt.
func WithRetries(n int, backoff time.Duration) Option {
	return func(p *Prefetcher) {
		p.retries = n
		p.backoff = backoff
	}
}

// Prefetcher fills a Cache with the tiles of an area using a bounded pool of
// concurrent fetches.
type Prefetcher struct {
	fetcher  Fetcher
	cache    Cache
	workers  int
	retries  int
	backoff  time.Duration
	maxTiles int
}

// New returns a Prefetcher that downloads tiles with f and stores them in c.
func New(f Fetcher, c Cache, opts ...Option) *Prefetcher {
	p := &Prefetcher{
		fetcher:  f,
		cache:    c,
		workers:  4,
		retries:  2,
		backoff:  250 * time.Millisecond,
		maxTiles: 1024,
	}
	for _, opt := range opts {
		opt(p)
	}
	return p
}

type outcome int

const (
	outcomeCached outcome = iota
	outcomeFetched
	outcomeMissing
	outcomeFailed
)

type result struct {
	tile    Tile
	outcome outcome
	// err is set for failed tiles; fatal marks errors that will affect every
	// remaining tile as well, so there is no point in continuing.
	err   error
	fatal bool
}

// Prefetch makes sure that every tile of area is in the cache. Tiles the
// server does not have, or that still fail after retries, are counted in the
// returned Stats but do not stop the run. An authorization failure or a cache
// error aborts the prefetch, since every remaining tile would fail the same way.
func (p *Prefetcher) Prefetch(ctx context.Context, area Area) (Stats, error) {
	tiles, err := area.Tiles(p.maxTiles)
	if err != nil {
		return Stats{}, err
	}
	stats := Stats{Requested: len(tiles)}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan Tile)
	results := make(chan result)
	go p.enqueue(tiles, jobs)

	var wg sync.WaitGroup
	for i := 0; i < p.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, jobs, results)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	for r := range results {
		switch r.outcome {
		case outcomeCached:
			stats.Cached++
		case outcomeFetched:
			stats.Fetched++
		case outcomeMissing:
			stats.Missing++
		case outcomeFailed:
			if r.fatal {
				return stats, fmt.Errorf("tiles: prefetch aborted at %s: %w", r.tile, r.err)
			}
			stats.Failed++
		}
	}
	if err := ctx.Err(); err != nil {
		return stats, fmt.Errorf("tiles: prefetch interrupted: %w", err)
	}
	return stats, nil
}

// enqueue hands the tiles to the workers in order.
func (p *Prefetcher) enqueue(tiles []Tile, jobs chan<- Tile) {
	defer close(jobs)
	for _, t := range tiles {
		jobs <- t // leak: no receiver once the workers have stopped after a fatal error
	}
}

func (p *Prefetcher) work(ctx context.Context, jobs <-chan Tile, results chan<- result) {
	for t := range jobs {
		if ctx.Err() != nil {
			return
		}
		r := p.load(ctx, t)
		select {
		case results <- r:
		case <-ctx.Done():
			return
		}
	}
}

// load brings a single tile into the cache.
func (p *Prefetcher) load(ctx context.Context, t Tile) result {
	fresh, err := p.cache.Fresh(t)
	if err != nil {
		return result{tile: t, outcome: outcomeFailed, err: err, fatal: true}
	}
	if fresh {
		return result{tile: t, outcome: outcomeCached}
	}

	data, err := p.fetch(ctx, t)
	var se *StatusError
	switch {
	case err == nil:
	case errors.As(err, &se) && se.Code == http.StatusNotFound:
		return result{tile: t, outcome: outcomeMissing}
	case errors.As(err, &se) && (se.Code == http.StatusUnauthorized || se.Code == http.StatusForbidden):
		return result{tile: t, outcome: outcomeFailed, err: err, fatal: true}
	default:
		return result{tile: t, outcome: outcomeFailed, err: err}
	}

	if err := p.cache.Put(t, data); err != nil {
		return result{tile: t, outcome: outcomeFailed, err: err, fatal: true}
	}
	return result{tile: t, outcome: outcomeFetched}
}

// fetch downloads t, retrying temporary failures with exponential backoff.
func (p *Prefetcher) fetch(ctx context.Context, t Tile) ([]byte, error) {
	delay := p.backoff
	for attempt := 0; ; attempt++ {
		data, err := p.fetcher.Fetch(ctx, t)
		if err == nil {
			if len(data) == 0 {
				return nil, fmt.Errorf("tiles: empty response for %s", t)
			}
			return data, nil
		}
		var tmp interface{ Temporary() bool }
		if attempt >= p.retries || !errors.As(err, &tmp) || !tmp.Temporary() {
			return nil, fmt.Errorf("tiles: fetch %s: %w", t, err)
		}
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("tiles: fetch %s: %w", t, ctx.Err())
		}
		delay *= 2
	}
}
