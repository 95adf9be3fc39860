package boarding

import (
	"fmt"
	"sync"
)

// Sailing tracks seat occupancy for one departure. Pre-booked passengers
// have seats held for them until the hold cut-off; walk-up passengers wait
// at the gate until a seat is free.
type Sailing struct {
	ID       string
	capacity int

	mu       sync.Mutex
	cond     *sync.Cond
	onboard  int
	held     int
	waiting  int
	closed   bool
	manifest []string
}

// NewSailing creates a sailing with the given passenger capacity and number
// of seats held for pre-booked passengers.
func NewSailing(id string, capacity, held int) (*Sailing, error) {
	if capacity <= 0 {
		return nil, fmt.Errorf("boarding: sailing %s: capacity must be positive", id)
	}
	if held < 0 || held > capacity {
		return nil, fmt.Errorf("boarding: sailing %s: %d held seats for capacity %d", id, held, capacity)
	}
	s := &Sailing{ID: id, capacity: capacity, held: held}
	s.cond = sync.NewCond(&s.mu)
	return s, nil
}

// board admits one passenger. Pre-booked passengers use a held seat if one
// is left; everyone else waits for a free seat.
func (s *Sailing) board(t Ticket) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrBoardingClosed
	}
	if t.Prebooked && s.held > 0 {
		s.held--
		s.admit(t)
		return nil
	}
	s.waiting++
	for !s.closed && s.onboard+s.held >= s.capacity {
		s.cond.Wait() // leak: CloseBoarding wakes only one of the waiting gates
	}
	s.waiting--
	if s.closed {
		return ErrBoardingClosed
	}
	s.admit(t)
	return nil
}

func (s *Sailing) admit(t Ticket) {
	s.onboard++
	s.manifest = append(s.manifest, t.Code)
}

// Disembark removes a passenger who left the vessel before departure, for
// example after missing a connection, freeing one seat.
func (s *Sailing) Disembark(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.manifest {
		if c == code {
			s.manifest = append(s.manifest[:i], s.manifest[i+1:]...)
			s.onboard--
			s.cond.Signal()
			return true
		}
	}
	return false
}

// ReleaseHolds frees every seat still held for pre-booked passengers who
// have not arrived by the cut-off.
func (s *Sailing) ReleaseHolds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.held
	s.held = 0
	if n > 0 {
		s.cond.Broadcast()
	}
	return n
}

// CloseBoarding stops admissions. Passengers still waiting at the gates are
// turned away.
func (s *Sailing) CloseBoarding() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	s.cond.Signal()
}

// Status is a snapshot for the terminal dashboard.
type Status struct {
	Onboard, Held, Waiting, Capacity int
	Closed                           bool
}

// Status returns the current occupancy.
func (s *Sailing) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Status{Onboard: s.onboard, Held: s.held, Waiting: s.waiting, Capacity: s.capacity, Closed: s.closed}
}

// Manifest returns the ticket codes of passengers on board.
func (s *Sailing) Manifest() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.manifest...)
}
