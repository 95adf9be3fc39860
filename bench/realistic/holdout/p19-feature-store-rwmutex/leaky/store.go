// Package features stores per-tenant feature settings and persists them periodically.
package features

import (
	"fmt"
	"sync"
	"time"
)

// Settings is one tenant's features.
type Settings map[string]bool

// Store is read-mostly; a flusher persists it in the background.
type Store struct {
	mu      sync.RWMutex
	tenants map[string]Settings
	dirty   bool
	persist func([]byte) error
	quit    chan struct{}
}

// Open starts the flusher.
func Open(persist func([]byte) error, every time.Duration) *Store {
	s := &Store{tenants: map[string]Settings{}, persist: persist, quit: make(chan struct{})}
	go s.flushLoop(every)
	return s
}

// Update applies fn to a copy of the tenant's settings; if fn fails nothing changes.
func (s *Store) Update(tenant string, fn func(Settings) error) error {
	s.mu.Lock()
	next := Settings{}
	for k, v := range s.tenants[tenant] {
		next[k] = v
	}
	if err := fn(next); err != nil {
		return fmt.Errorf("update %s: %w", tenant, err)
	}
	s.tenants[tenant] = next
	s.dirty = true
	s.mu.Unlock()
	return nil
}

// Enabled reads one flag.
func (s *Store) Enabled(tenant, feature string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenants[tenant][feature]
}
