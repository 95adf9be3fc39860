package features

import (
	"encoding/json"
	"time"
)

func (s *Store) flushLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.mu.RLock() // leak: an Update whose fn failed still holds the write lock
			var data []byte
			if s.dirty {
				data, _ = json.Marshal(s.tenants)
			}
			s.mu.RUnlock()
			if data != nil && s.persist(data) == nil {
				s.mu.Lock()
				s.dirty = false
				s.mu.Unlock()
			}
		}
	}
}

// Close stops the flusher.
func (s *Store) Close() { close(s.quit) }
