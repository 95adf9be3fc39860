// startRunner starts a waiter that says when every check is ready, and a runner that
// waits for it before checking in a loop. When ctx ends before the checks are ready,
// the waiter returns without a word, and the runner waits for it for ever.
package siblingsender

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
		for !c.allReady() {
			select {
			case <-time.After(10 * time.Millisecond):
				c.check()
			case <-ctx.Done():
				return
			}
		}
		ready <- struct{}{}
	}()
	go func() {
		<-ready // want "blocks forever receiving from `ready` when the goroutine started at line 18, its only sender, returns at line 24 without sending on `ready`"
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
