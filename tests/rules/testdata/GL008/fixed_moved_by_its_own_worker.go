package fixedmovedbyitsownworker

import (
	"errors"
	"sync"
)

// lane weighs the crates of one vineyard block.
type lane struct {
	in    chan int
	total int
}

func (l *lane) run() {
	for kg := range l.in {
		l.total += kg
	}
}

// Station keeps a lane per block; a block with rot goes to quarantine.
type Station struct {
	mu          sync.Mutex
	lanes       map[string]*lane
	quarantined map[string]*lane
}

// NewStation has no lanes yet.
func NewStation() *Station {
	return &Station{lanes: map[string]*lane{}, quarantined: map[string]*lane{}}
}

// Submit hands a crate to its block's lane, starting the lane on the block's first
// crate; a crate with too much rot moves the lane to quarantine, which Close also ends.
func (s *Station) Submit(block string, rot int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.lanes[block]
	if !ok {
		l = &lane{in: make(chan int, 8)}
		s.lanes[block] = l
		go l.run()
	}
	if rot > 30 {
		delete(s.lanes, block)
		s.quarantined[block] = l
		return errors.New("block quarantined")
	}
	l.in <- 100 - rot
	return nil
}

// Close ends the lanes.
func (s *Station) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.lanes {
		close(l.in)
	}
	for _, l := range s.quarantined {
		close(l.in)
	}
}
