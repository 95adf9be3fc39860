// Package geocache is a caching front end for a reverse-geocoding service.
//
// Locations are snapped to web-mercator tiles at a configurable zoom level,
// and every location inside a tile shares the place found at the tile's
// centre. Cached tiles live in a sharded in-memory map; concurrent lookups of
// a tile that is not cached yet are coalesced into a single upstream request.
package geocache

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"
)

var (
	// ErrNoResult is returned when the upstream has no place at a location.
	// It is cached like a result, for Config.NegativeTTL.
	ErrNoResult = errors.New("geocache: no place at location")
	// ErrInvalidPoint is returned for coordinates outside the mercator range.
	ErrInvalidPoint = errors.New("geocache: invalid point")
)

// Point is a WGS84 location in degrees.
type Point struct {
	Lat, Lon float64
}

// Place is the result of a reverse lookup.
type Place struct {
	CountryCode string
	Region      string
	Locality    string
	Postcode    string
}

// Geocoder is the upstream reverse-geocoding service.
type Geocoder interface {
	Reverse(ctx context.Context, pt Point) (Place, error)
}

// Clock reports the current time; it exists so tests can control expiry.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Config tunes a Cache. Zero fields take the documented defaults.
type Config struct {
	// Zoom is the tile zoom level (default 15, tiles of about 1.2 km).
	Zoom int
	// Shards is the number of cache shards (default 16).
	Shards int
	// MaxEntriesPerShard bounds each shard (default 4096).
	MaxEntriesPerShard int
	// TTL is how long a found place stays cached (default 24h).
	TTL time.Duration
	// NegativeTTL is how long ErrNoResult stays cached (default 10m).
	NegativeTTL time.Duration
	// WarmupConcurrency is the number of parallel lookups in Warmup (default 4).
	WarmupConcurrency int
	// Clock defaults to the system clock.
	Clock Clock
}

// Stats are cumulative cache counters.
type Stats struct {
	Hits, Misses, Coalesced int64
}

// Cache is a reverse-geocoding cache. It is safe for concurrent use.
type Cache struct {
	cfg      Config
	upstream Geocoder
	shards   []*shard

	hits, misses, coalesced atomic.Int64
}

// New returns a cache in front of upstream.
func New(upstream Geocoder, cfg Config) (*Cache, error) {
	if upstream == nil {
		return nil, errors.New("geocache: nil upstream")
	}
	if cfg.Zoom == 0 {
		cfg.Zoom = 15
	}
	if cfg.Zoom < 0 || cfg.Zoom > 24 {
		return nil, fmt.Errorf("geocache: zoom %d out of range [0, 24]", cfg.Zoom)
	}
	if cfg.Shards <= 0 {
		cfg.Shards = 16
	}
	if cfg.MaxEntriesPerShard <= 0 {
		cfg.MaxEntriesPerShard = 4096
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 24 * time.Hour
	}
	if cfg.NegativeTTL <= 0 {
		cfg.NegativeTTL = 10 * time.Minute
	}
	if cfg.WarmupConcurrency <= 0 {
		cfg.WarmupConcurrency = 4
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	c := &Cache{cfg: cfg, upstream: upstream, shards: make([]*shard, cfg.Shards)}
	for i := range c.shards {
		c.shards[i] = newShard(cfg.MaxEntriesPerShard)
	}
	return c, nil
}

// Lookup returns the place for pt, from the cache when possible.
func (c *Cache) Lookup(ctx context.Context, pt Point) (Place, error) {
	if math.IsNaN(pt.Lat) || math.IsNaN(pt.Lon) || math.Abs(pt.Lat) > maxLat || math.Abs(pt.Lon) > 180 {
		return Place{}, fmt.Errorf("%w: %v", ErrInvalidPoint, pt)
	}
	key := tileOf(pt, c.cfg.Zoom)
	s := c.shardFor(key)
	for {
		e, cl, leader := s.acquire(key, c.cfg.Clock.Now())
		if e != nil {
			c.hits.Add(1)
			return e.place, e.err
		}
		if !leader {
			c.coalesced.Add(1)
			select {
			case <-cl.done:
			case <-ctx.Done():
				return Place{}, ctx.Err()
			}
			if cl.abandoned {
				// The leader's context ended; try again on our own.
				continue
			}
			return cl.place, cl.err
		}

		c.misses.Add(1)
		place, err := c.upstream.Reverse(ctx, key.center())
		now := c.cfg.Clock.Now()
		switch {
		case err == nil:
			s.complete(key, cl, place, nil, now, c.cfg.TTL)
			return place, nil
		case errors.Is(err, ErrNoResult):
			s.complete(key, cl, Place{}, ErrNoResult, now, c.cfg.NegativeTTL)
			return Place{}, ErrNoResult
		case ctx.Err() != nil:
			s.abandon(key, cl)
			return Place{}, ctx.Err()
		default:
			err = fmt.Errorf("geocache: reverse tile %d/%d/%d: %w", key.z, key.x, key.y, err)
			s.fail(key, cl, err)
			return Place{}, err
		}
	}
}

// Stats returns a snapshot of the cache counters.
func (c *Cache) Stats() Stats {
	return Stats{
		Hits:      c.hits.Load(),
		Misses:    c.misses.Load(),
		Coalesced: c.coalesced.Load(),
	}
}

func (c *Cache) shardFor(k tileKey) *shard {
	h := uint64(k.x)*0x9E3779B97F4A7C15 ^ uint64(k.y)*0xC2B2AE3D27D4EB4F ^ uint64(k.z)
	return c.shards[h%uint64(len(c.shards))]
}
