package boarding

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// LaneKind tells which traffic a boarding lane handles.
type LaneKind int

const (
	// FootLane is the passenger walkway.
	FootLane LaneKind = iota
	// VehicleLane is a car deck ramp.
	VehicleLane
)

func (k LaneKind) String() string {
	if k == VehicleLane {
		return "vehicle"
	}
	return "foot"
}

// Lane is one scanning point at the gate.
type Lane struct {
	ID     string
	Kind   LaneKind
	Closed bool // out of service for this sailing
}

// Passenger is a traveller queuing at the gate. Plate is set for drivers.
type Passenger struct {
	Ticket string
	Name   string
	Plate  string
}

func (p Passenger) kind() LaneKind {
	if p.Plate != "" {
		return VehicleLane
	}
	return FootLane
}

// Pass is what the ticketing system knows about a ticket.
type Pass struct {
	Ticket  string
	Sailing string
	Plate   string
	Deck    string
}

// Validator looks tickets up in the ticketing system.
type Validator interface {
	Validate(ctx context.Context, ticket string) (Pass, error)
}

var (
	// ErrUnknownTicket is returned by validators for tickets they do not know.
	ErrUnknownTicket = errors.New("boarding: unknown ticket")
	errWrongSailing  = errors.New("ticket is for another sailing")
	errPlateMismatch = errors.New("vehicle does not match booking")
	errAlreadyIn     = errors.New("ticket already boarded")
	errVesselFull    = errors.New("vessel at capacity")
)

// Boarded is a passenger admitted onto the vessel.
type Boarded struct {
	Passenger Passenger
	Lane      string
	Deck      string
	At        time.Time
}

// Denial is a passenger turned away at the gate.
type Denial struct {
	Passenger Passenger
	Lane      string
	Reason    string
}

// Manifest lists who boarded a sailing and who was refused.
type Manifest struct {
	Sailing  string
	Boarded  []Boarded
	Denied   []Denial
	Foot     int
	Vehicles int
}

// Summary returns a one-line description for the bridge log.
func (m *Manifest) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d foot, %d vehicles boarded", m.Sailing, m.Foot, m.Vehicles)
	if len(m.Denied) > 0 {
		fmt.Fprintf(&b, ", %d denied", len(m.Denied))
	}
	return b.String()
}

type scanResult struct {
	passenger Passenger
	lane      string
	pass      Pass
	err       error
	at        time.Time
}
