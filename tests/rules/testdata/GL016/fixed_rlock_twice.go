package fixedrlocktwice

import "sync"

// Stats sums samples; readers may run together, Add writes.
type Stats struct {
	mu      sync.RWMutex
	samples []int
}

func (s *Stats) Add(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.samples = append(s.samples, v)
}

func (s *Stats) Mean() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.samples) == 0 {
		return 0
	}
	return s.sumLocked() / len(s.samples)
}

// Sum takes the read lock once; sumLocked expects it held.
func (s *Stats) Sum() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sumLocked()
}

func (s *Stats) sumLocked() int {
	total := 0
	for _, v := range s.samples {
		total += v
	}
	return total
}

// Reload drops the lock around a slow read and takes it back.
func (s *Stats) Reload(read func() []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.Unlock()
	fresh := read()
	s.mu.Lock()
	s.samples = fresh
}
