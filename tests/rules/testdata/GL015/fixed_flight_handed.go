package fixedflighthanded

import (
	"errors"
	"sync"
)

// run: s := &Store{fetch: func(string) (string, error) { return "", errors.New("down") }, calls: map[string]*flight{}}; _, _ = s.Get("k"); go func() { _, _ = s.Get("k") }()

type flight struct {
	wg  sync.WaitGroup
	val string
	err error
}

// Store fetches each key once for all the callers that ask for it together.
type Store struct {
	mu    sync.Mutex
	calls map[string]*flight
	fetch func(key string) (string, error)
}

var errEmpty = errors.New("empty value")

func (s *Store) Get(key string) (string, error) {
	s.mu.Lock()
	if f, ok := s.calls[key]; ok {
		s.mu.Unlock()
		f.wg.Wait()
		return f.val, f.err
	}
	f := &flight{}
	f.wg.Add(1)
	s.calls[key] = f
	s.mu.Unlock()

	go s.load(f, key)
	f.wg.Wait()
	return f.val, f.err
}

// load fetches key for the flight f and ends it on every way out.
func (s *Store) load(f *flight, key string) {
	defer s.forget(key)
	defer f.wg.Done()
	v, err := s.fetch(key)
	if err != nil {
		f.err = err
		return
	}
	if v == "" {
		err = errEmpty
	}
	f.val, f.err = v, err
}

func (s *Store) forget(key string) {
	s.mu.Lock()
	delete(s.calls, key)
	s.mu.Unlock()
}
