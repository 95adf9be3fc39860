package calleronce

import (
	"sync"
	"testing"
)

// bubble stands in for testing/synctest (Go 1.24 and later), so that the fixture
// builds with older Go too: its Test runs f in a bubble.
type bubble struct{}

func (bubble) Test(t *testing.T, f func(*testing.T)) { f(t) }

var synctest bubble

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

// In a bubble, a signaller that does not sleep first can still signal before the Wait.
func TestNoSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			mu.Lock()
			cond.Broadcast()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait() // want "`cond.Wait\(\)` is not in a loop that re-checks its condition"
		mu.Unlock()
	})
}
