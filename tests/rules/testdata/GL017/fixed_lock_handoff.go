package fixedlockhandoff

import (
	"errors"
	"sync"
)

var errTooBig = errors.New("store: value too big")

// Store keeps small values by key.
type Store struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (s *Store) Put(k string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(v) > 64 {
		return errTooBig
	}
	s.data[k] = v
	return nil
}

// flushLocked runs with s.mu held: it lets go of the lock for the slow write and takes
// it back before returning.
func (s *Store) flushLocked(write func(map[string][]byte)) {
	snapshot := s.data
	s.data = map[string][]byte{}
	s.mu.Unlock()
	write(snapshot)
	s.mu.Lock()
}

// lockShard returns with s.mu held; the caller unlocks.
func (s *Store) lockShard() *Store {
	s.mu.Lock()
	return s
}

func (s *Store) Flush(write func(map[string][]byte)) {
	s.lockShard()
	s.flushLocked(write)
	s.mu.Unlock()
}

// Swap unlocks on every branch.
func (s *Store) Swap(k string, v []byte) []byte {
	s.mu.Lock()
	old, ok := s.data[k]
	if !ok {
		s.mu.Unlock()
		return nil
	}
	s.data[k] = v
	s.mu.Unlock()
	return old
}

// Maybe locks only when asked to, and unlocks under the same condition.
func (s *Store) Maybe(locked bool, k string) int {
	if locked {
		s.mu.Lock()
	}
	n := len(s.data[k])
	if locked {
		s.mu.Unlock()
	}
	return n
}

// View reads the store under its read lock until Close.
type View struct {
	s    *Store
	name string
}

func (v *View) Close() { v.s.mu.Unlock() }

// Open returns a view holding s.mu; the view's Close releases it.
func (s *Store) Open(name string) (*View, error) {
	s.mu.Lock()
	if _, ok := s.data[name]; !ok {
		s.mu.Unlock()
		return nil, errTooBig
	}
	return &View{s: s, name: name}, nil
}

// freeze takes the lock for good: the process is about to exit and nothing may write.
func (s *Store) freeze() {
	s.mu.Lock()
	s.data = nil
}
