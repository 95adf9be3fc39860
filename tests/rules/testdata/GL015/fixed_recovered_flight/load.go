package fixedrecoveredflight

import (
	"errors"
	"fmt"
)

var errPanicked = errors.New("load panicked")

// execute runs load for c; a panic in load becomes c's error instead of a crash, and
// the flight ends either way: every caller waiting on it gets that error.
func (g *Group) execute(c *call, key string, load func() (string, error)) {
	defer c.wg.Done()
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("%w: %v", errPanicked, r)
		}
	}()
	c.val, c.err = load()
	g.forget(key)
}
