package turnstilesleaky

import "sync"

// run: g := &Gate{cache: map[string]int{}, loader: func() int { return 1 }}; _ = g.lookup("a"); go g.touch()

// Gate counts riders through a turnstile.
type Gate struct {
	mu     sync.Mutex
	loader func() int
	cache  map[string]int
}

func (g *Gate) touch() {
	g.mu.Lock()
	g.mu.Unlock()
}

// lookup's second branch is not the first's negation: a miss with a loader never
// unlocks.
func (g *Gate) lookup(key string) int {
	g.mu.Lock() // want "`g.mu` stays locked when `lookup` returns at line \\d+"
	n, ok := g.cache[key]
	if g.loader == nil || ok {
		g.mu.Unlock()
	}
	if g.loader != nil && ok {
		n++
		g.cache[key] = n
		g.mu.Unlock()
	}
	return n
}
