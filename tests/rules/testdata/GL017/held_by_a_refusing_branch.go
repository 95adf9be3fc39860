package heldbyarefusingbranch

import "sync"

// run: s := newStand(1); s.enter("t1"); s.enter("t2"); go s.leave("t1")

// Reason says why a turnstile refused a ticket.
type Reason int

// The reasons.
const (
	Admitted Reason = iota
	Passback
	Full
)

// stand counts the fans inside one stand of a stadium.
type stand struct {
	mu       sync.Mutex
	capacity int
	inside   map[string]bool
	refused  int
}

func newStand(capacity int) *stand {
	return &stand{capacity: capacity, inside: map[string]bool{}}
}

// enter admits a ticket or says why not. Its straight path unlocks, so the branch
// that leaves holding the lock is a slip whatever it returns
// (BRANCH_EXIT_OF_AN_UNLOCKING_PATH), though the name reads like a locker's.
func (s *stand) enter(ticket string) Reason {
	s.mu.Lock() // want "`s\\.mu` stays locked when `enter` returns at line 41: no `s\\.mu\\.Unlock\\(\\)` on that path, so the next lock of it"
	if s.inside[ticket] {
		s.refused++
		s.mu.Unlock()
		return Passback
	}
	if len(s.inside) >= s.capacity {
		s.refused++
		return Full
	}
	s.inside[ticket] = true
	s.mu.Unlock()
	return Admitted
}

// leave lets a fan out.
func (s *stand) leave(ticket string) {
	s.mu.Lock()
	delete(s.inside, ticket)
	s.mu.Unlock()
}
