package turnstilephases

import "sync"

// run: h := &Gate{phase: phaseClosing}; h.Close(); go h.touch()

// Gate counts riders through a turnstile.
type Gate struct {
	mu    sync.Mutex
	phase gatePhase
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

// Close forgets phaseClosing: a gate closing twice falls out of the switch without
// unlocking.
func (g *Gate) Close() {
	g.mu.Lock() // want "`g.mu` stays locked when `Close` ends"
	switch g.phase {
	case phaseClosed:
		g.mu.Unlock()
		return
	case phaseOpen:
		g.phase = phaseClosing
		g.mu.Unlock()
		return
	}
}
