package publishedgatemethods

import (
	"context"
	"errors"
	"sync"
	"time"
)

// run: s := NewStore(); for i := 0; i < 2; i++ { go func() { _, _ = s.Get(context.Background(), "k") }() }; time.Sleep(100 * time.Millisecond)

// fetch is one lookup in flight, kept behind its methods.
type fetch struct {
	ready chan struct{}
	value string
	err   error
}

func newFetch() *fetch { return &fetch{ready: make(chan struct{})} }

func (f *fetch) settle() { close(f.ready) }

func (f *fetch) result() (string, error) {
	<-f.ready // want "a caller waiting here on `f.ready` blocks forever"
	return f.value, f.err
}

// Store looks each key up once at a time, however many callers ask.
type Store struct {
	mu      sync.Mutex
	pending map[string]*fetch
	lookup  func(ctx context.Context, key string) (string, error)
}

func NewStore() *Store {
	return &Store{pending: map[string]*fetch{}, lookup: func(context.Context, string) (string, error) {
		time.Sleep(5 * time.Millisecond)
		return "", errUnavailable
	}}
}

var errUnavailable = errors.New("backend unavailable")

// Get returns the key's value, sharing one lookup among concurrent callers.
func (s *Store) Get(ctx context.Context, key string) (string, error) {
	s.mu.Lock()
	if f, ok := s.pending[key]; ok {
		s.mu.Unlock()
		return f.result()
	}
	f := newFetch()
	s.pending[key] = f
	s.mu.Unlock()

	v, err := s.lookup(ctx, key)
	s.mu.Lock()
	delete(s.pending, key)
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	f.value = v
	f.settle()
	return v, nil
}
