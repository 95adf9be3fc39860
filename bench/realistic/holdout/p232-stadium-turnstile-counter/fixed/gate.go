package turnstile

import (
	"context"
	"errors"
	"time"
)

// ErrNoGates is returned when the venue registry lists no turnstiles.
var ErrNoGates = errors.New("turnstile: no gates registered")

// GateStatus is the operational state reported by the venue registry.
type GateStatus int

// Gate states.
const (
	StatusOpen GateStatus = iota
	StatusClosed
	StatusMaintenance
)

func (s GateStatus) String() string {
	switch s {
	case StatusOpen:
		return "open"
	case StatusClosed:
		return "closed"
	case StatusMaintenance:
		return "maintenance"
	}
	return "unknown"
}

// Gate is one turnstile bank.
type Gate struct {
	ID     string
	Stand  string
	Status GateStatus
}

// Reading holds the cumulative counters of a turnstile since doors opened.
type Reading struct {
	Gate    string
	Entries int64
	Exits   int64
	At      time.Time
}

// Registry is the venue management system that knows the gates.
type Registry interface {
	Gates(ctx context.Context) ([]Gate, error)
}

// Reader talks to the turnstile controllers.
type Reader interface {
	Read(ctx context.Context, gateID string) (Reading, error)
}

// Alerter notifies stewards when a stand fills up.
type Alerter interface {
	NearCapacity(stand string, occupancy, capacity int)
}

// StandCount is the occupancy of one stand.
type StandCount struct {
	Stand     string
	Entries   int64
	Exits     int64
	Occupancy int
	Capacity  int
}

// Snapshot is the venue occupancy at one poll.
type Snapshot struct {
	At     time.Time
	Stands map[string]StandCount
	Total  int
	Stale  []string
	Errors map[string]error
}
