package fixedabandonedflight

import "sync"

// call is one resolution that concurrent callers of the same host share.
type call struct {
	done bool
	addr string
	err  error
}

type group struct {
	mu    sync.Mutex
	cond  *sync.Cond
	calls map[string]*call
}

func newGroup() *group {
	g := &group{calls: make(map[string]*call)}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// begin returns the call for key, and whether the caller leads it.
func (g *group) begin(key string) (*call, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c, false
	}
	c := &call{}
	g.calls[key] = c
	return c, true
}

// await sleeps until c has ended.
func (g *group) await(c *call) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !c.done {
		g.cond.Wait()
	}
	return c.addr, c.err
}

// end records c's outcome and wakes those waiting on it.
func (g *group) end(key string, c *call, addr string, err error) {
	g.mu.Lock()
	c.done, c.addr, c.err = true, addr, err
	delete(g.calls, key)
	g.mu.Unlock()
	g.cond.Broadcast()
}

// drop forgets key, so that the next caller resolves it again.
func (g *group) drop(key string) {
	g.mu.Lock()
	delete(g.calls, key)
	g.mu.Unlock()
}
