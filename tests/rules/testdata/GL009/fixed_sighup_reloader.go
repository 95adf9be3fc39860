package cache

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

type Cache struct {
	mu      sync.Mutex
	entries map[string][]byte
	stop    chan struct{}
}

// New clears the cache on SIGHUP. The handler answers the signal for as long as the
// process runs: the signal stays registered, so the loop is meant to live as long
// (SIGNAL_HANDLERS_LIVE_WITH_PROCESS).
func New() *Cache {
	c := &Cache{entries: map[string][]byte{}, stop: make(chan struct{})}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for {
			<-hup
			c.mu.Lock()
			c.entries = map[string][]byte{}
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *Cache) Close() error {
	close(c.stop)
	return nil
}
