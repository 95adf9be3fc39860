// Package discovery holds the endpoints of a backend service as reported by a
// registry, and a client-side balancer that follows them.
package discovery

import (
	"errors"
	"sort"
	"sync"
)

// Endpoint is one instance of the service.
type Endpoint struct {
	Addr   string
	Zone   string
	Weight int
}

// ErrNoEndpoints is returned when there is nothing to pick from.
var ErrNoEndpoints = errors.New("discovery: no endpoints")

// Set is the current endpoint list. Readers take a snapshot together with a
// channel that is closed at the next change, so they can wait for it.
type Set struct {
	mu      sync.Mutex
	eps     []Endpoint
	version uint64
	changed chan struct{}
	closed  bool
}

// NewSet makes an empty set.
func NewSet() *Set {
	return &Set{changed: make(chan struct{})}
}

// Snapshot returns the endpoints, their version and a channel closed when they
// next change (or the set is closed).
func (s *Set) Snapshot() ([]Endpoint, uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Endpoint, len(s.eps))
	copy(out, s.eps)
	return out, s.version, s.changed
}

// Update replaces the endpoints with what the registry reports.
func (s *Set) Update(eps []Endpoint) {
	sorted := append([]Endpoint(nil), eps...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Addr < sorted[j].Addr })

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || equal(s.eps, sorted) {
		return
	}
	s.eps = sorted
	s.version++
	close(s.changed)
	s.changed = make(chan struct{})
}

// Reset forgets every endpoint, e.g. when the registry session expires and the
// list must be rebuilt from scratch.
func (s *Set) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.eps = nil
	s.version++
	s.changed = make(chan struct{})
}

// Close wakes every waiter for good.
func (s *Set) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.changed)
	}
}

// Closed reports whether Close was called.
func (s *Set) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func equal(a, b []Endpoint) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
