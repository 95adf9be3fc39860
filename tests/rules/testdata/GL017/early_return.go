package earlyreturn

import (
	"errors"
	"sync"
)

// run: s := NewStore(); _ = s.Put("k", make([]byte, 100)); go func() { _ = s.Put("k", nil) }()

var errTooBig = errors.New("store: value too big")

// Store keeps small values by key.
type Store struct {
	mu   sync.Mutex
	data map[string][]byte
}

func NewStore() *Store { return &Store{data: map[string][]byte{}} }

func (s *Store) Put(k string, v []byte) error {
	s.mu.Lock() // want "`s.mu` stays locked when `Put` returns at line 23: no `s.mu.Unlock\(\)` on that path"
	if len(v) > 64 {
		return errTooBig
	}
	s.data[k] = v
	s.mu.Unlock()
	return nil
}
