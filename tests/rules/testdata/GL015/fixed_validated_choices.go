// Gather starts one collector per configured statistic; Init has already refused any
// name outside the supported list, so the switch needs no default.
package validatedchoices

import (
	"fmt"
	"sync"
)

var supportedStats = []string{"server", "databases", "indexes"}

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
	wg.Wait()
}
