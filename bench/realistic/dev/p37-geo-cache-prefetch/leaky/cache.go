// Package geocache caches the results of a geocoding service, which is slow and
// billed per lookup, and can warm the cache for a list of addresses up front.
package geocache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Point is a location.
type Point struct{ Lat, Lng float64 }

// ErrNotFound is returned by a Geocoder for an address it cannot place.
var ErrNotFound = errors.New("geocache: address not found")

// Geocoder is the upstream service.
type Geocoder interface {
	Geocode(ctx context.Context, address string) (Point, error)
}

type entry struct {
	p       Point
	expires time.Time
}

// Cache is a TTL cache in front of a Geocoder.
type Cache struct {
	upstream Geocoder
	ttl      time.Duration
	now      func() time.Time

	mu      sync.RWMutex
	entries map[string]entry
	hits    int
	misses  int
}

// Option configures a Cache.
type Option func(*Cache)

// WithTTL sets how long a result is kept.
func WithTTL(d time.Duration) Option { return func(c *Cache) { c.ttl = d } }

// New makes a cache.
func New(g Geocoder, opts ...Option) *Cache {
	c := &Cache{upstream: g, ttl: 24 * time.Hour, now: time.Now, entries: make(map[string]entry)}
	for _, o := range opts {
		o(c)
	}
	return c
}

func normalize(address string) string {
	return strings.Join(strings.Fields(strings.ToLower(address)), " ")
}

// Lookup returns the location of address, asking upstream on a miss.
func (c *Cache) Lookup(ctx context.Context, address string) (Point, error) {
	key := normalize(address)
	if p, ok := c.cached(key); ok {
		return p, nil
	}
	p, err := c.upstream.Geocode(ctx, address)
	if err != nil {
		return Point{}, fmt.Errorf("geocode %q: %w", address, err)
	}
	c.store(key, p)
	return p, nil
}

func (c *Cache) cached(key string) (Point, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || c.now().After(e.expires) {
		c.misses++
		return Point{}, false
	}
	c.hits++
	return e.p, true
}

func (c *Cache) store(key string, p Point) {
	c.mu.Lock()
	c.entries[key] = entry{p: p, expires: c.now().Add(c.ttl)}
	c.mu.Unlock()
}

// Len is the number of cached addresses.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
