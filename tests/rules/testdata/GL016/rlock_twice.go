package rlocktwice

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
	return s.sum() / len(s.samples) // want "`s.sum` takes `s.mu` again \(RLock\) while this goroutine holds a read lock since line 18"
}

func (s *Stats) sum() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	total := 0
	for _, v := range s.samples {
		total += v
	}
	return total
}
