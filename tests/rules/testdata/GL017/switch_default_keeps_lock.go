package switchdefaultkeepslock

import "sync"

// run: h := &Gate{phase: gatePhase(7)}; _ = h.Peek(); go h.touch()

// Gate counts riders through a turnstile.
type Gate struct {
	mu     sync.RWMutex
	phase  gatePhase
	riders int
}

func (g *Gate) touch() {
	g.mu.Lock()
	g.mu.Unlock()
}

type gatePhase int

const (
	phaseOpen gatePhase = iota
	phaseClosing
	phaseClosed
)

// Peek logs a phase it does not know in its default, then leaves without
// unlocking: the default runs for a phase decoded from a newer peer.
func (g *Gate) Peek() int {
	g.mu.RLock() // want "`g.mu` stays locked when `Peek` returns at line 42"
	switch g.phase {
	case phaseOpen, phaseClosing:
		n := g.riders
		g.mu.RUnlock()
		return n
	case phaseClosed:
		g.mu.RUnlock()
		return 0
	default:
		g.riders = -1
	}
	return -1
}
