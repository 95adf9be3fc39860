package checkedunderlock

import "sync"

// run: s := NewIndex(); go s.Load([]string{"a"}); _ = s.Has("a")

// Index answers lookups once it is loaded; the flag only ever goes from false to true,
// and it is tested and set under the lock the broadcast is sent under.
type Index struct {
	mu     sync.Mutex
	loaded *sync.Cond
	ready  bool
	keys   map[string]bool
}

func NewIndex() *Index {
	s := &Index{keys: map[string]bool{}}
	s.loaded = sync.NewCond(&s.mu)
	return s
}

func (s *Index) Load(keys []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		s.keys[k] = true
	}
	s.ready = true
	s.loaded.Broadcast()
}

func (s *Index) Has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ready {
		s.loaded.Wait()
	}
	return s.keys[k]
}
