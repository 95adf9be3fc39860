package shelves

import (
	"errors"
	"fmt"
	"sync"
)

var errFull = errors.New("shelf full")

// Shelf holds counted items.
type Shelf struct {
	mu    sync.Mutex
	items map[string]int
	limit int
}

// Put leaves the mutex held when it refuses an item (a sentinel error): reported
// with the default rules (FAILURE_RETURN).
func (s *Shelf) Put(k string, n int) error {
	s.mu.Lock() // want "`s.mu` stays locked when `Put` returns at line 23"
	if len(s.items) >= s.limit {
		return errFull
	}
	s.items[k] = n
	s.mu.Unlock()
	return nil
}

// Take leaves it held when the item is missing (an error made on the spot):
// reported with the default rules.
func (s *Shelf) Take(k string) (int, error) {
	s.mu.Lock() // want "`s.mu` stays locked when `Take` returns at line 36"
	n, ok := s.items[k]
	if !ok {
		return 0, fmt.Errorf("no item %q", k)
	}
	delete(s.items, k)
	s.mu.Unlock()
	return n, nil
}

// Peek leaves it held on a way out that is no failure: reported only with preview on.
func (s *Shelf) Peek(k string) int {
	s.mu.Lock() // want "`s.mu` stays locked when `Peek` returns at line 50"
	if n, ok := s.items[k]; ok {
		s.mu.Unlock()
		return n
	}
	return -1
}
