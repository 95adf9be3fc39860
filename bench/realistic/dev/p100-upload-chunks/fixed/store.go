package upload

import (
	"context"
	"errors"
	"sync"
)

// ErrUnavailable is returned, possibly wrapped, by a Store that is
// temporarily unable to accept writes.
var ErrUnavailable = errors.New("upload: store unavailable")

// Store is content-addressed blob storage.
type Store interface {
	// Put stores data under its hex SHA-256 digest. Storing the same
	// digest twice is not an error.
	Put(ctx context.Context, digest string, data []byte) error
}

// MemStore is an in-memory Store for development servers and tests.
type MemStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

// Put implements Store.
func (s *MemStore) Put(ctx context.Context, digest string, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blobs == nil {
		s.blobs = make(map[string][]byte)
	}
	if _, ok := s.blobs[digest]; !ok {
		s.blobs[digest] = append([]byte(nil), data...)
	}
	return nil
}

// Len returns the number of distinct blobs stored.
func (s *MemStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.blobs)
}
