package tickerforitsreader

import (
	"log"
	"sync/atomic"
	"time"
)

type cache struct {
	hits, misses int64
	done         chan struct{}
}

// TICKER_HANDED_TO_ITS_GOROUTINE: the stats loop ranges over the ticks for as long as
// the cache lives; the ticker is its own, and stopping it when newCache returns would
// only leave the loop waiting for good.
func newCache(logStats bool) *cache {
	c := &cache{done: make(chan struct{})}
	if logStats {
		t := time.NewTicker(time.Second)
		go func() {
			for range t.C {
				log.Printf("cache: %d hits, %d misses", atomic.LoadInt64(&c.hits), atomic.LoadInt64(&c.misses))
			}
		}()
	}
	return c
}

// The near miss of ticker_reader_returns.go: the goroutine stops its ticker as it returns.
func (c *cache) sample(every time.Duration) {
	ticker := time.NewTicker(every)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				atomic.AddInt64(&c.hits, 0)
			case <-c.done:
				return
			}
		}
	}()
}
