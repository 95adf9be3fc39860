package fixedwakecountedwiththechange

import "sync"

// Item is one cask on the racks.
type Item struct {
	ID     string
	Mature bool
}

// Shelf queues mature casks for the bottling lines.
type Shelf struct {
	mu     sync.Mutex
	cond   *sync.Cond
	racks  map[string]Item
	queue  []Item
	closed bool
}

// NewShelf makes an empty shelf.
func NewShelf() *Shelf {
	s := &Shelf{racks: map[string]Item{}}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// Inspect queues every mature cask and wakes the lines only when it queued one: the
// count stepped beside each append says whether anything changed
// (COUNTED_WITH_THE_CHANGE).
func (s *Shelf) Inspect() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	queued := 0
	for id, it := range s.racks {
		if !it.Mature {
			continue
		}
		delete(s.racks, id)
		s.queue = append(s.queue, it)
		queued++
	}
	if queued > 0 {
		s.cond.Broadcast()
	}
	return queued
}

// Next waits for a queued cask; false once closed and empty.
func (s *Shelf) Next() (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 && !s.closed {
		s.cond.Wait()
	}
	if len(s.queue) == 0 {
		return Item{}, false
	}
	it := s.queue[0]
	s.queue = s.queue[1:]
	return it, true
}

// Close ends the waits.
func (s *Shelf) Close() {
	s.mu.Lock()
	s.closed = true
	s.cond.Broadcast()
	s.mu.Unlock()
}
