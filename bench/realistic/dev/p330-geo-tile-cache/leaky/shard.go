package geocache

import (
	"sync"
	"time"
)

type entry struct {
	place   Place
	err     error
	expires time.Time
}

// call is an upstream lookup in progress. Its result fields are written
// before done is closed and are read-only afterwards.
type call struct {
	done      chan struct{}
	place     Place
	err       error
	abandoned bool
}

type shard struct {
	mu       sync.Mutex
	max      int
	entries  map[tileKey]*entry
	inflight map[tileKey]*call
}

func newShard(max int) *shard {
	return &shard{
		max:      max,
		entries:  make(map[tileKey]*entry),
		inflight: make(map[tileKey]*call),
	}
}

// acquire returns the fresh cache entry for k if there is one. Otherwise it
// returns the in-flight call for k, creating it if needed; leader reports
// whether the caller created it and so must finish it with complete, fail or
// abandon.
func (s *shard) acquire(k tileKey, now time.Time) (e *entry, cl *call, leader bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[k]; ok {
		if now.Before(e.expires) {
			return e, nil, false
		}
		delete(s.entries, k)
	}
	if cl, ok := s.inflight[k]; ok {
		return nil, cl, false
	}
	cl = &call{done: make(chan struct{})}
	s.inflight[k] = cl
	return nil, cl, true
}

// complete stores a result for k and releases the waiters of cl.
func (s *shard) complete(k tileKey, cl *call, place Place, err error, now time.Time, ttl time.Duration) {
	s.mu.Lock()
	if len(s.entries) >= s.max {
		s.evictLocked(now)
	}
	s.entries[k] = &entry{place: place, err: err, expires: now.Add(ttl)}
	s.finishLocked(k, cl, place, err, false)
	s.mu.Unlock()
}

// fail releases the waiters of cl with err without caching anything.
func (s *shard) fail(k tileKey, cl *call, err error) {
	s.mu.Lock()
	s.finishLocked(k, cl, Place{}, err, false)
	s.mu.Unlock()
}

// abandon releases the waiters of cl and tells them to retry.
func (s *shard) abandon(k tileKey, cl *call) {
	s.mu.Lock()
	s.finishLocked(k, cl, Place{}, nil, true)
	s.mu.Unlock()
}

func (s *shard) finishLocked(k tileKey, cl *call, place Place, err error, abandoned bool) {
	cl.place, cl.err, cl.abandoned = place, err, abandoned
	if s.inflight[k] == cl {
		delete(s.inflight, k)
	}
	close(cl.done)
}

// evictLocked makes room for one entry: it drops expired entries, and if
// none had expired, an arbitrary quarter of the shard.
func (s *shard) evictLocked(now time.Time) {
	for k, e := range s.entries {
		if !now.Before(e.expires) {
			delete(s.entries, k)
		}
	}
	if len(s.entries) < s.max {
		return
	}
	drop := s.max/4 + 1
	for k := range s.entries {
		if drop == 0 {
			break
		}
		delete(s.entries, k)
		drop--
	}
}
