package fixedtesthelperfatal

import (
	"sync"
	"testing"

	"example.com/internal/testenv"
)

// Store is a test double that batches changes between Suspend and Resume.
type Store struct {
	tb        testing.TB
	storeLock sync.RWMutex
	mu        sync.Mutex
	suspended int
	pending   map[string]string
	current   map[string]string
}

func (s *Store) Suspend() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.suspended++
}

// Resume fails the test (runtime.Goexit) on a negative count: that path never returns.
func (s *Store) Resume() {
	s.storeLock.Lock()
	s.mu.Lock()
	switch s.suspended--; {
	case s.suspended == 0:
		s.current = s.pending
		s.mu.Unlock()
		s.storeLock.Unlock()
	case s.suspended < 0:
		s.tb.Fatal("Resume without Suspend")
	default:
		s.mu.Unlock()
		s.storeLock.Unlock()
	}
}

// Flags fails through a test helper package's TB, as wrappers of testing.TB do.
type Flags struct {
	tb  testenv.TB
	mu  sync.Mutex
	set map[string]bool
}

func (f *Flags) Set(name string) {
	f.mu.Lock()
	if f.set[name] {
		f.tb.Fatalf("flag %s set twice", name)
		return
	}
	f.set[name] = true
	f.mu.Unlock()
}
