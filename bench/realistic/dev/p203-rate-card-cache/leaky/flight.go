package ratecache

import (
	"errors"
	"fmt"
	"sync"
)

// errSourcePanic wraps a panic raised inside a carrier client.
var errSourcePanic = errors.New("ratecache: carrier client panicked")

// call is an in-flight or completed fetch.
type call struct {
	wg   sync.WaitGroup
	card Card
	err  error
	dups int
}

// flightGroup coalesces concurrent fetches of the same key into a single
// execution whose result is shared by every caller.
type flightGroup struct {
	mu     sync.Mutex
	calls  map[Lane]*call
	onJoin func(Lane) // called when a caller joins an existing fetch
}

// do executes fn once for all concurrent callers for the same lane. The
// shared result reports whether the result went to more than one caller.
func (g *flightGroup) do(key Lane, fn func() (Card, error)) (card Card, err error, shared bool) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[Lane]*call)
	}
	if c, ok := g.calls[key]; ok {
		c.dups++
		g.mu.Unlock()
		if g.onJoin != nil {
			g.onJoin(key)
		}
		c.wg.Wait() // leak: leader never calls wg.Done when fn panics
		return c.card, c.err, true
	}
	c := new(call)
	c.wg.Add(1)
	g.calls[key] = c
	g.mu.Unlock()

	g.run(c, key, fn)
	return c.card, c.err, c.dups > 0
}

// run executes fn for c. A panic in fn is turned into an error so that one
// misbehaving carrier client cannot take the whole process down.
func (g *flightGroup) run(c *call, key Lane, fn func() (Card, error)) {
	defer func() {
		if r := recover(); r != nil {
			c.err = fmt.Errorf("%w: %v", errSourcePanic, r)
			g.forget(key)
		}
	}()
	c.card, c.err = fn()
	g.forget(key)
	c.wg.Done()
}

func (g *flightGroup) forget(key Lane) {
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
}
