package fitsync

import "sync"

// inflight serialises the processing of one workout fingerprint, so that a
// watch and a phone uploading the same session at the same moment cannot
// both store it. Different fingerprints proceed in parallel.
type inflight struct {
	mu   sync.Mutex
	cond *sync.Cond
	keys map[string]struct{}
}

func newInflight() *inflight {
	g := &inflight{keys: make(map[string]struct{})}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// acquire blocks until no other upload holds key, then takes it.
func (g *inflight) acquire(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		if _, busy := g.keys[key]; !busy {
			break
		}
		g.cond.Wait()
	}
	g.keys[key] = struct{}{}
}

// release gives key up and wakes uploads waiting for it.
func (g *inflight) release(key string) {
	g.mu.Lock()
	delete(g.keys, key)
	g.mu.Unlock()
	g.cond.Broadcast()
}
