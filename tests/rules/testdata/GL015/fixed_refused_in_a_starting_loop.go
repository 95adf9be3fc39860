package fixedrefusedinastartingloop

import (
	"errors"
	"sync"
)

// Crew starts its loaders; the first one to finish a load opens the gate for the others.
type Crew struct {
	gate  sync.WaitGroup
	loads chan int
	names []string
}

func (c *Crew) starting(i int) error {
	if i >= len(c.names) {
		return errors.New("no loader")
	}
	return nil
}

// Begin counts the gate in once and starts n loaders; a loader that cannot start ends
// the start-up, but the first loader, already running, still opens the gate.
func (c *Crew) Begin(n int) error {
	c.loads = make(chan int, n)
	c.gate.Add(1)
	for i := 0; i < n; i++ {
		if err := c.starting(i); err != nil {
			return err
		}
		go c.loader(i)
	}
	return nil
}

func (c *Crew) loader(i int) {
	if i > 0 {
		c.gate.Wait()
	}
	for range c.loads {
		if i == 0 {
			c.gate.Done()
			i = -1
		}
	}
}
