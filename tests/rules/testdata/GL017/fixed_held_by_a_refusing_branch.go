package fixedheldbyarefusingbranch

import "sync"

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

// enter admits a ticket or says why not, letting the lock go on every way out.
func (s *stand) enter(ticket string) Reason {
	s.mu.Lock()
	if s.inside[ticket] {
		s.refused++
		s.mu.Unlock()
		return Passback
	}
	if len(s.inside) >= s.capacity {
		s.refused++
		s.mu.Unlock()
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
