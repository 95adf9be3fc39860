// Package pricing serves product prices from memory: the whole price list is
// loaded when the catalog opens, then kept current from a change feed.
package pricing

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Change is one price update from the feed; Cents < 0 removes the product.
type Change struct {
	SKU   string
	Cents int64
}

// Store holds the authoritative price list.
type Store interface {
	All(ctx context.Context) (map[string]int64, error)
}

// Feed streams changes made after a given moment.
type Feed interface {
	Changes() <-chan Change
}

// ErrUnknownSKU is returned for products the catalog does not carry.
var ErrUnknownSKU = errors.New("pricing: unknown sku")

// Catalog answers price lookups.
type Catalog struct {
	store Store
	feed  Feed

	mu      sync.RWMutex
	prices  map[string]int64
	applied int

	ready    chan struct{}
	stop     chan struct{}
	stopOnce sync.Once
}

// Open loads the price list and starts following the feed. The follower starts
// first, so no change published while the list loads is lost; it applies them
// once the list is in place.
func Open(ctx context.Context, store Store, feed Feed) (*Catalog, error) {
	c := &Catalog{
		store: store,
		feed:  feed,
		ready: make(chan struct{}),
		stop:  make(chan struct{}),
	}
	go c.follow()
	prices, err := store.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("pricing: load price list: %w", err)
	}
	c.prices = prices
	close(c.ready)
	return c, nil
}

// Price returns the price of sku in cents.
func (c *Catalog) Price(sku string) (int64, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.prices[sku]
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrUnknownSKU, sku)
	}
	return p, nil
}

// Close stops following the feed.
func (c *Catalog) Close() {
	c.stopOnce.Do(func() { close(c.stop) })
}
