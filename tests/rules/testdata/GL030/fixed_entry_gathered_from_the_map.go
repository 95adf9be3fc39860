package shardsync

import (
	"fmt"
	"sync"
)

// run: tr := NewTracker(3); tr.Finish(1); _ = tr.Flush(func(int) error { return nil })

type shard struct {
	done      bool
	persisted bool
}

// Tracker remembers which shards finished and which of those are saved; shards are
// made once and never forgotten.
type Tracker struct {
	mu     sync.Mutex
	shards map[int]*shard
}

// NewTracker makes a tracker for n shards.
func NewTracker(n int) *Tracker {
	t := &Tracker{shards: make(map[int]*shard)}
	for i := 0; i < n; i++ {
		t.shards[i] = &shard{}
	}
	return t
}

// Finish marks a shard done.
func (t *Tracker) Finish(id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.shards[id]; ok {
		s.done = true
	}
}

// Flush saves every finished shard not saved yet; a saver's panic becomes an error.
func (t *Tracker) Flush(save func(int) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("flush: %v", r)
		}
	}()
	t.mu.Lock()
	var pending []int
	for id, s := range t.shards {
		if s.done && !s.persisted {
			pending = append(pending, id)
		}
	}
	t.mu.Unlock()
	for _, id := range pending {
		if err := save(id); err != nil {
			return err
		}
		t.mu.Lock()
		s := t.shards[id]
		s.persisted = true
		t.mu.Unlock()
	}
	return nil
}
