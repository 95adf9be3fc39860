package unsignalled

import "sync"

// Gate opens once; waiters block until then.
type Gate struct {
	mu     sync.Mutex
	opened *sync.Cond
	open   bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.opened = sync.NewCond(&g.mu)
	return g
}

// Open marks the gate open, but forgets to wake the waiters.
func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
}

func (g *Gate) Wait() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.opened.Wait() // want GL029 "`g.opened.Wait\(\)` may never return: `Open` sets `g.open`, which this loop waits on, without `Signal` or `Broadcast`"
	}
}
