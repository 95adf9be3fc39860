package ratecache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Config configures a Cache.
type Config struct {
	Source Source

	// FreshFor is how long a card is served without refreshing. Defaults
	// to 15 minutes.
	FreshFor time.Duration
	// StaleFor is how long past FreshFor a card may still be served while
	// a background refresh runs. Defaults to 1 hour.
	StaleFor time.Duration
	// RefreshTimeout bounds background refreshes. Defaults to 10 seconds.
	RefreshTimeout time.Duration
	// SweepEvery is the interval of the expired-entry sweeper. Defaults to
	// 5 minutes.
	SweepEvery time.Duration

	Clock   Clock
	Metrics Metrics
}

type entry struct {
	card Card
}

// Cache is a read-through cache of carrier rate cards.
type Cache struct {
	cfg    Config
	flight flightGroup

	mu      sync.RWMutex
	entries map[string]entry

	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

// New returns a cache and starts its sweeper. Call Close to stop it.
func New(cfg Config) (*Cache, error) {
	if cfg.Source == nil {
		return nil, errors.New("ratecache: Source is required")
	}
	if cfg.FreshFor <= 0 {
		cfg.FreshFor = 15 * time.Minute
	}
	if cfg.StaleFor <= 0 {
		cfg.StaleFor = time.Hour
	}
	if cfg.RefreshTimeout <= 0 {
		cfg.RefreshTimeout = 10 * time.Second
	}
	if cfg.SweepEvery <= 0 {
		cfg.SweepEvery = 5 * time.Minute
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Metrics == nil {
		cfg.Metrics = nopMetrics{}
	}
	c := &Cache{
		cfg:     cfg,
		entries: make(map[string]entry),
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	c.flight.onJoin = cfg.Metrics.Coalesced
	go c.sweepLoop()
	return c, nil
}

// Close stops the sweeper.
func (c *Cache) Close() {
	c.closeOnce.Do(func() {
		close(c.stop)
		<-c.stopped
	})
}

// Get returns the rate card for lane. A fresh card is returned directly; a
// stale one is returned immediately and refreshed in the background; a
// missing or expired one is fetched, sharing the fetch with any concurrent
// callers for the same lane.
func (c *Cache) Get(ctx context.Context, lane Lane) (Card, error) {
	key := lane.key()
	now := c.cfg.Clock.Now()

	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()

	if ok {
		age := now.Sub(e.card.FetchedAt)
		switch {
		case age < c.cfg.FreshFor:
			c.cfg.Metrics.Hit(lane)
			return e.card, nil
		case age < c.cfg.FreshFor+c.cfg.StaleFor:
			c.cfg.Metrics.Stale(lane)
			go c.refresh(lane)
			return e.card, nil
		}
	}

	c.cfg.Metrics.Miss(lane)
	card, err, _ := c.flight.do(lane, func() (Card, error) { return c.fetch(ctx, lane) })
	if err != nil {
		return Card{}, fmt.Errorf("ratecache: %s: %w", key, err)
	}
	return card, nil
}

// refresh re-fetches a stale card. Concurrent refreshes of the same lane
// collapse into one carrier call.
func (c *Cache) refresh(lane Lane) {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.RefreshTimeout)
	defer cancel()
	_, err, _ := c.flight.do(lane, func() (Card, error) { return c.fetch(ctx, lane) })
	if err != nil {
		c.cfg.Metrics.RefreshFailed(lane, err)
	}
}

// fetch calls the carrier and stores the result.
func (c *Cache) fetch(ctx context.Context, lane Lane) (Card, error) {
	rates, err := c.cfg.Source.FetchRates(ctx, lane)
	if err != nil {
		return Card{}, fmt.Errorf("fetch %s rates: %w", lane.Carrier, err)
	}
	if len(rates) == 0 {
		return Card{}, ErrNoRates
	}
	card := Card{Lane: lane, Rates: rates, FetchedAt: c.cfg.Clock.Now()}
	c.mu.Lock()
	c.entries[lane.key()] = entry{card: card}
	c.mu.Unlock()
	return card, nil
}

// Invalidate drops every cached card for carrier, e.g. after it publishes
// a new tariff.
func (c *Cache) Invalidate(carrier string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for k, e := range c.entries {
		if e.card.Lane.Carrier == carrier {
			delete(c.entries, k)
			n++
		}
	}
	return n
}

func (c *Cache) sweepLoop() {
	defer close(c.stopped)
	t := time.NewTicker(c.cfg.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.sweep()
		case <-c.stop:
			return
		}
	}
}

// sweep removes cards too old to be served even as stale.
func (c *Cache) sweep() {
	limit := c.cfg.FreshFor + c.cfg.StaleFor
	now := c.cfg.Clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if now.Sub(e.card.FetchedAt) >= limit {
			delete(c.entries, k)
		}
	}
}
