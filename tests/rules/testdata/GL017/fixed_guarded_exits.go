package turnstiles

import (
	"errors"
	"sync"
	"testing"
)

var errFull = errors.New("platform full")

// Gate counts riders through a turnstile.
type Gate struct {
	mu      sync.Mutex
	riders  int
	limit   int
	loader  func() int
	cache   map[string]int
	phase   gatePhase
	waiters chan struct{}
}

// touch takes and lets go of the lock; the `if false` keeps a linter from calling the
// section empty and never runs (DEAD_BRANCH).
func (g *Gate) touch() {
	g.mu.Lock()
	if false {
		return
	}
	g.mu.Unlock()
}

// admit hands the lock to its caller through the result when it admits a rider, who
// unlocks it after reading the count (HANDED_BY_ADDRESS).
func (g *Gate) admit() (n int, held *sync.Mutex, err error) {
	g.mu.Lock()
	if g.riders >= g.limit {
		g.mu.Unlock()
		return 0, nil, errFull
	}
	g.riders++
	n, held = g.riders, &g.mu
	return
}

// lookup unlocks on one of two branches whose conditions are each other's negation
// (COMPLEMENTARY_BRANCHES).
func (g *Gate) lookup(key string) int {
	g.mu.Lock()
	n, ok := g.cache[key]
	if g.loader == nil || ok {
		g.mu.Unlock()
	}
	if g.loader != nil && !ok {
		n = g.loader()
		g.cache[key] = n
		g.mu.Unlock()
	}
	return n
}

type gatePhase int

const (
	phaseOpen gatePhase = iota
	phaseClosing
	phaseClosed
)

// Close handles every phase the package declares, so the switch never falls out
// without unlocking (EXHAUSTIVE_SWITCH).
func (g *Gate) Close() {
	g.mu.Lock()
	switch g.phase {
	case phaseClosed:
		g.mu.Unlock()
		return
	case phaseOpen:
		g.phase = phaseClosing
		fallthrough
	case phaseClosing:
		ch := g.waiters
		g.mu.Unlock()
		<-ch
	}
}

// Peek reads under the lock; the empty default is written for form, since the
// cases name every phase (EXHAUSTIVE_SWITCH).
func (g *Gate) Peek() int {
	g.mu.Lock()
	switch g.phase {
	case phaseOpen, phaseClosing:
		n := g.riders
		g.mu.Unlock()
		return n
	case phaseClosed:
		g.mu.Unlock()
		return 0
	default:
	}
	return -1
}

// drainForTest is a test helper: the gate it empties is the test's own and dies with
// it (TEST_ENDS_HOLDING).
func drainForTest(t *testing.T, g *Gate) {
	t.Helper()
	for {
		g.mu.Lock()
		if g.riders == 0 {
			break
		}
		g.riders--
		g.mu.Unlock()
	}
}
