package cache

import (
	"context"
	"time"
)

type Cache struct {
	evict chan string
	items map[string]int
}

func NewCache(ctx context.Context) *Cache {
	c := &Cache{evict: make(chan string), items: map[string]int{}}
	ticker := time.NewTicker(time.Millisecond)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case k := <-c.evict:
				delete(c.items, k)
			case <-ticker.C:
			}
		}
	}()
	return c
}
