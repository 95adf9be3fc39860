package flagsetback

import "sync"

// Gate holds its workers while paused.
type Gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	paused bool
	passed int
}

// NewGate starts n workers behind the gate.
func NewGate(n int) *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	for i := 0; i < n; i++ {
		go g.worker()
	}
	return g
}

// Pause holds the workers.
func (g *Gate) Pause() {
	g.mu.Lock()
	g.paused = true
	g.mu.Unlock()
}

// Resume lets one worker through at a time: each pass signals the next.
func (g *Gate) Resume() {
	g.mu.Lock()
	g.paused = false
	g.cond.Signal()
	g.mu.Unlock()
}

func (g *Gate) worker() {
	for i := 0; i < 3; i++ {
		g.mu.Lock()
		for g.paused {
			g.cond.Wait()
		}
		g.passed++
		g.mu.Unlock()
	}
}
