package cache

import (
	"context"
	"time"
)

// run: ctx, cancel := context.WithCancel(context.Background()); NewCache(ctx); cancel()

type Cache struct {
	evict chan string
	items map[string]int
}

func NewCache(ctx context.Context) *Cache {
	c := &Cache{evict: make(chan string), items: map[string]int{}}
	ticker := time.NewTicker(time.Millisecond)
	go func() {
		defer ticker.Stop()
		for { // want "goroutine never returns: the `for` at line 20 has no return or break, so nothing can ever stop it"
			select {
			case k := <-c.evict:
				delete(c.items, k)
			case <-ticker.C:
			}
		}
	}()
	return c
}
