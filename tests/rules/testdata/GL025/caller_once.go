package calleronce

import "sync"

// Gate waits once per call; Next loops around it, but Peek calls it just once.
type Gate struct {
	mu    sync.Mutex
	cnd   *sync.Cond
	ready bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cnd = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) waitOnce() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.ready {
		g.cnd.Wait() // want "`g.cnd.Wait\(\)` is not in a loop that re-checks its condition"
	}
	return g.ready
}

func (g *Gate) Next() {
	for !g.waitOnce() {
	}
}

func (g *Gate) Peek() bool { return g.waitOnce() }

func (g *Gate) Open() {
	g.mu.Lock()
	g.ready = true
	g.mu.Unlock()
	g.cnd.Broadcast()
}
