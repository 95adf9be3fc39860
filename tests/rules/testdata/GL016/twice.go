package twice

import "sync"

// run: go (&Counter{}).Add(1)

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Add(d int) {
	c.mu.Lock()
	c.n += d
	c.mu.Lock() // want "`c.mu` is locked again while already held since line 13: this goroutine blocks forever"
	c.mu.Unlock()
}
