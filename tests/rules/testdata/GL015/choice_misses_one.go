// Gather starts one collector per configured statistic, but its switch has no case
// for "collections", which Init accepts: that statistic starts no goroutine, and Wait
// waits for its Done forever.
package choicemissesone

// run: c := &Collector{StatsInclude: []string{"server", "collections"}}; _ = c.Init(); go c.Gather()

import (
	"fmt"
	"sync"
)

var supportedStats = []string{"server", "databases", "indexes", "collections"}

type Collector struct {
	StatsInclude []string

	mu      sync.Mutex
	results map[string]int
}

func (c *Collector) Init() error {
	for _, stat := range c.StatsInclude {
		if !contains(supportedStats, stat) {
			return fmt.Errorf("unknown statistic %q", stat)
		}
	}
	c.results = make(map[string]int)
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (c *Collector) record(name string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.results[name] = n
}

func (c *Collector) Gather() {
	var wg sync.WaitGroup
	for _, stat := range c.StatsInclude {
		wg.Add(1)
		switch stat {
		case "server":
			go func() {
				defer wg.Done()
				c.record("server", 1)
			}()
		case "databases":
			go func() {
				defer wg.Done()
				c.record("databases", 2)
			}()
		case "indexes":
			go func() {
				defer wg.Done()
				c.record("indexes", 3)
			}()
		}
	}
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever"
}
