// Package buildcache is the core of a build cache daemon: it runs compile
// actions, stores their results by content key, and makes concurrent requests
// for an identical action share a single execution.
package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"sync"
)

// Action is one compile step: a command line, its environment and the
// content digests of its inputs.
type Action struct {
	Argv   []string
	Env    []string
	Inputs map[string]string // path -> content digest
}

// Key identifies the action by content: identical actions have equal keys.
func (a Action) Key() string {
	h := sha256.New()
	write := func(tag string, vals ...string) {
		h.Write([]byte(tag))
		for _, v := range vals {
			h.Write([]byte{0})
			h.Write([]byte(v))
		}
		h.Write([]byte{'\n'})
	}
	write("argv", a.Argv...)
	env := append([]string(nil), a.Env...)
	sort.Strings(env)
	write("env", env...)
	paths := make([]string, 0, len(a.Inputs))
	for p := range a.Inputs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		write("in", p, a.Inputs[p])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Result is what running an action produced.
type Result struct {
	ExitCode int
	Stderr   []byte
	Outputs  map[string][]byte
}

// MemStore is an in-memory Store.
type MemStore struct {
	mu sync.RWMutex
	m  map[string]Result
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{m: make(map[string]Result)} }

// Get returns the stored result for key.
func (s *MemStore) Get(key string) (Result, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.m[key]
	return r, ok
}

// Put stores r under key.
func (s *MemStore) Put(key string, r Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = r
}
