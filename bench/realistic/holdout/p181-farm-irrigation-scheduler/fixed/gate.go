package irrigation

import "sync"

// pressureGate bounds how many valves may be open at the same time so the
// main line stays within the pump's pressure rating.
type pressureGate struct {
	mu    sync.Mutex
	cond  *sync.Cond
	limit int
	open  int
}

func newPressureGate(limit int) *pressureGate {
	if limit < 1 {
		limit = 1
	}
	g := &pressureGate{limit: limit}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Acquire blocks until another valve may be opened.
func (g *pressureGate) Acquire() {
	g.mu.Lock()
	for g.open >= g.limit {
		g.cond.Wait()
	}
	g.open++
	g.mu.Unlock()
}

// Release returns a slot taken by Acquire.
func (g *pressureGate) Release() {
	g.mu.Lock()
	g.open--
	g.mu.Unlock()
	g.cond.Signal()
}

// InUse reports how many slots are currently held.
func (g *pressureGate) InUse() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.open
}
