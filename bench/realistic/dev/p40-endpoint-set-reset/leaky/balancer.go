package discovery

import (
	"sync"
	"sync/atomic"
)

// Balancer picks endpoints round-robin, following a Set as it changes.
type Balancer struct {
	set  *Set
	next atomic.Uint64

	mu      sync.RWMutex
	picks   []string // one entry per unit of weight
	version uint64
}

// NewBalancer builds the pick list from the set and keeps it up to date until
// the set is closed.
func NewBalancer(s *Set) *Balancer {
	b := &Balancer{set: s}
	eps, v, changed := s.Snapshot()
	b.rebuild(eps, v)
	go b.follow(changed)
	return b
}

func (b *Balancer) follow(changed <-chan struct{}) {
	for {
		<-changed // leak: Reset swapped in a new channel without closing this one, so neither a later Update nor Close ever wakes it
		if b.set.Closed() {
			return
		}
		var eps []Endpoint
		var v uint64
		eps, v, changed = b.set.Snapshot()
		b.rebuild(eps, v)
	}
}

func (b *Balancer) rebuild(eps []Endpoint, version uint64) {
	var picks []string
	for _, ep := range eps {
		w := ep.Weight
		if w <= 0 {
			w = 1
		}
		for i := 0; i < w; i++ {
			picks = append(picks, ep.Addr)
		}
	}
	b.mu.Lock()
	b.picks, b.version = picks, version
	b.mu.Unlock()
}

// Pick returns the next endpoint address.
func (b *Balancer) Pick() (string, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if len(b.picks) == 0 {
		return "", ErrNoEndpoints
	}
	n := b.next.Add(1) - 1
	return b.picks[n%uint64(len(b.picks))], nil
}
