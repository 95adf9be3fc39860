package turnstile

import (
	"errors"
	"sync"
	"time"
)

// Reason explains why a scan was refused.
type Reason string

// Refusal reasons shown on the turnstile display.
const (
	ReasonNone          Reason = ""
	ReasonUnknownTicket Reason = "TICKET NOT RECOGNISED"
	ReasonWrongStand    Reason = "PLEASE USE YOUR STAND ENTRANCE"
	ReasonNotValidToday Reason = "TICKET NOT VALID TODAY"
	ReasonPassback      Reason = "TICKET ALREADY USED"
	ReasonReentry       Reason = "RE-ENTRY NOT YET PERMITTED"
	ReasonStandFull     Reason = "STAND AT CAPACITY - SEE STEWARD"
	ReasonSystem        Reason = "SYSTEM ERROR - SEE STEWARD"
)

// Ticket is a match ticket as held by the ticketing system.
type Ticket struct {
	ID        string
	Stand     string
	Seat      string
	ValidFrom time.Time
	ValidTo   time.Time
}

// ErrTicketNotFound is returned by a TicketStore for an unknown barcode.
var ErrTicketNotFound = errors.New("turnstile: ticket not found")

// Direction tells an entry scan from an exit scan.
type Direction int

// Scan directions.
const (
	In Direction = iota
	Out
)

// Scan is one barcode read at a turnstile.
type Scan struct {
	Gate      string
	Barcode   string
	Direction Direction
	At        time.Time
}

// Decision is the outcome for one scan.
type Decision struct {
	Scan      Scan
	TicketID  string
	Admit     bool
	Reason    Reason
	Occupancy int
}

// StandConfig describes one stand and the turnstiles that feed it.
type StandConfig struct {
	Name     string
	Capacity int
	Gates    []string
}

// stand tracks who is inside one stand. Its capacity is the safety
// certificate figure and must never be exceeded.
type stand struct {
	name     string
	capacity int
	reentry  time.Duration

	mu       sync.Mutex
	inside   map[string]time.Time // ticket ID -> time of entry
	lastExit map[string]time.Time
	refused  int
}

func newStand(cfg StandConfig, reentry time.Duration) *stand {
	return &stand{
		name:     cfg.Name,
		capacity: cfg.Capacity,
		reentry:  reentry,
		inside:   make(map[string]time.Time),
		lastExit: make(map[string]time.Time),
	}
}

func (s *stand) enter(t Ticket, at time.Time) (Reason, int) {
	s.mu.Lock()
	if _, in := s.inside[t.ID]; in {
		s.refused++
		s.mu.Unlock()
		return ReasonPassback, 0
	}
	if left, ok := s.lastExit[t.ID]; ok && at.Sub(left) < s.reentry {
		s.refused++
		s.mu.Unlock()
		return ReasonReentry, 0
	}
	if len(s.inside) >= s.capacity {
		s.refused++
		n := len(s.inside)
		s.mu.Unlock()
		return ReasonStandFull, n
	}
	s.inside[t.ID] = at
	delete(s.lastExit, t.ID)
	n := len(s.inside)
	s.mu.Unlock()
	return ReasonNone, n
}

func (s *stand) leave(ticketID string, at time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, in := s.inside[ticketID]; in {
		delete(s.inside, ticketID)
		s.lastExit[ticketID] = at
	}
	return len(s.inside)
}
