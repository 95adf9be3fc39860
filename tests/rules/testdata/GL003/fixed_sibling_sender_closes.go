// startRunner starts a waiter that closes ready once every check is ready, or when
// ctx ends first: either way the runner waiting on it gets past its receive.
package fixedsiblingsender

import (
	"context"
	"time"
)

type cache struct{ ready int }

func (c *cache) allReady() bool { return c.ready > 3 }
func (c *cache) check()         { c.ready++ }

func (c *cache) startRunner(ctx context.Context) {
	ready := make(chan struct{})
	go func() {
		defer close(ready)
		for !c.allReady() {
			select {
			case <-time.After(10 * time.Millisecond):
				c.check()
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		<-ready
		for {
			select {
			case <-time.After(time.Second):
				c.check()
			case <-ctx.Done():
				return
			}
		}
	}()
}
