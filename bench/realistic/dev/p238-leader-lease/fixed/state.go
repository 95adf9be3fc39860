package election

import "sync"

// snapshot is what the notifier sees of the election at one point.
type snapshot struct {
	seq     uint64
	leading bool
	leader  string
	closed  bool
}

// state carries leadership changes from the renew loop to the notifier
// goroutine, so that slow callbacks never delay a renewal. Only the latest
// state matters: intermediate changes the notifier has not seen yet are
// collapsed.
type state struct {
	mu   sync.Mutex
	cond *sync.Cond
	cur  snapshot
}

func newState() *state {
	s := &state{}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// update records the outcome of one election round.
func (s *state) update(leading bool, leader string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur.closed || (s.cur.leading == leading && s.cur.leader == leader) {
		return
	}
	s.cur.leading, s.cur.leader = leading, leader
	s.cur.seq++
	s.cond.Broadcast()
}

// close marks the end of the election. If we were leading, leadership is
// given up so that the notifier delivers OnStoppedLeading before it exits.
func (s *state) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur.closed {
		return
	}
	s.cur.closed = true
	if s.cur.leading {
		s.cur.leading = false
	}
	s.cur.seq++
	s.cond.Broadcast()
}

// next blocks until the state has moved past seq and returns it.
func (s *state) next(seq uint64) snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.cur.seq == seq {
		s.cond.Wait()
	}
	return s.cur
}
