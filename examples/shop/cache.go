package shop

import (
	"context"
	"time"
)

type Cache struct {
	evict chan string
	items map[string]Price
}

// NewCache starts a sweeper that nothing can ever stop.
func NewCache(ctx context.Context) *Cache {
	c := &Cache{evict: make(chan string), items: map[string]Price{}}
	ticker := time.NewTicker(time.Minute)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case sku := <-c.evict:
				delete(c.items, sku)
			case <-ticker.C:
				c.items = map[string]Price{}
			}
		}
	}()
	return c
}
