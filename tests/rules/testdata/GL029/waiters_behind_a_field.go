package waitersbehindafield

import (
	"sync"
	"time"
)

// run: c := NewCrawler(); c.Start(3); time.Sleep(100 * time.Millisecond); c.Stop(); time.Sleep(100 * time.Millisecond)

// frontier hands out URLs to the crawler's fetchers.
type frontier struct {
	mu      sync.Mutex
	more    *sync.Cond
	urls    []string
	stopped bool
}

func newFrontier() *frontier {
	f := &frontier{}
	f.more = sync.NewCond(&f.mu)
	return f
}

func (f *frontier) next() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.urls) == 0 && !f.stopped {
		f.more.Wait() // want "`f.more.Wait\\(\\)` may never return: `stop` sets `f.stopped`, which this loop waits on, but wakes one waiter with `Signal\\(\\)`"
	}
	if len(f.urls) == 0 {
		return "", false
	}
	u := f.urls[0]
	f.urls = f.urls[1:]
	return u, true
}

func (f *frontier) stop() {
	f.mu.Lock()
	f.stopped = true
	f.more.Signal()
	f.mu.Unlock()
}

// Crawler runs fetchers that share one frontier, kept in a field.
type Crawler struct {
	queue   *frontier
	started time.Time
}

func NewCrawler() *Crawler { return &Crawler{queue: newFrontier(), started: time.Now()} }

func (c *Crawler) Start(fetchers int) {
	for i := 0; i < fetchers; i++ {
		go c.fetch()
	}
}

func (c *Crawler) fetch() {
	for {
		if _, ok := c.queue.next(); !ok {
			return
		}
	}
}

func (c *Crawler) Stop() { c.queue.stop() }
