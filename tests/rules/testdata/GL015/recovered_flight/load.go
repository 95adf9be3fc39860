package recoveredflight

import (
	"errors"
	"fmt"
)

var errPanicked = errors.New("load panicked")

// execute runs load for c; a panic in load becomes c's error instead of a crash.
func (g *Group) execute(c *call, key string, load func() (string, error)) {
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("%w: %v", errPanicked, r)
			g.forget(key)
		}
	}()
	c.val, c.err = load()
	g.forget(key)
	c.wg.Done()
}
