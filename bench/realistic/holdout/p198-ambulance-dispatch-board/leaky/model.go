package dispatch

import (
	"fmt"
	"time"
)

// Priority is the triage priority of an incident.
type Priority int

const (
	P1 Priority = iota + 1 // immediately life-threatening
	P2                     // urgent
	P3                     // routine
)

func (p Priority) String() string {
	switch p {
	case P1:
		return "P1"
	case P2:
		return "P2"
	case P3:
		return "P3"
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// UnitStatus is the operational state of an ambulance.
type UnitStatus int

const (
	Available UnitStatus = iota
	Dispatched
	OnScene
	Transporting
	AtHospital
	OutOfService
)

var statusNames = [...]string{"available", "dispatched", "on-scene", "transporting", "at-hospital", "out-of-service"}

func (s UnitStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("UnitStatus(%d)", int(s))
}

// transitions lists the status changes crews may report from the MDT.
var transitions = map[UnitStatus][]UnitStatus{
	Available:    {OutOfService},
	Dispatched:   {OnScene, Available},
	OnScene:      {Transporting, Available},
	Transporting: {AtHospital},
	AtHospital:   {Available},
	OutOfService: {Available},
}

func canTransition(from, to UnitStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Unit is an ambulance on the board.
type Unit struct {
	CallSign string
	Station  string
	Status   UnitStatus
	Incident string
	Since    time.Time
}

// Incident is an open call.
type Incident struct {
	ID       string
	Priority Priority
	Address  string
	Opened   time.Time
	Units    []string
}

// EventKind says what changed on the board.
type EventKind int

const (
	IncidentOpened EventKind = iota + 1
	UnitAssigned
	UnitStatusChanged
	IncidentClosed
)

// Event is a board change pushed to subscribers.
type Event struct {
	Seq      uint64
	Kind     EventKind
	Incident string
	Priority Priority
	CallSign string
	Status   UnitStatus
	Hospital string
	At       time.Time
}
