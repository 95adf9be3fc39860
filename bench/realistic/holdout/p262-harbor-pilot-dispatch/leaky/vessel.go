package dispatch

import (
	"fmt"
	"time"
)

// MovementKind says which way a vessel is going.
type MovementKind int

// Movement kinds.
const (
	Inbound MovementKind = iota
	Outbound
	Shift
)

func (k MovementKind) String() string {
	switch k {
	case Inbound:
		return "inbound"
	case Outbound:
		return "outbound"
	case Shift:
		return "shift"
	}
	return fmt.Sprintf("MovementKind(%d)", int(k))
}

// Vessel is a ship requiring pilotage.
type Vessel struct {
	Name      string
	IMO       string
	LOA       float64 // length overall, metres
	Draft     float64 // maximum draught, metres
	Hazardous bool    // gas carrier, chemical or crude tanker
}

// Movement is a single pilotage job: an arrival, departure or berth shift.
type Movement struct {
	ID     string
	Kind   MovementKind
	Vessel Vessel
	Berth  string
	ETA    time.Time // at the boarding ground, or requested departure time
}

// Grade is a pilot's licence grade.
type Grade int

// Licence grades, lowest first.
const (
	GradeC Grade = iota + 1
	GradeB
	GradeA
	GradeUnlimited
)

func (g Grade) String() string {
	switch g {
	case GradeC:
		return "C"
	case GradeB:
		return "B"
	case GradeA:
		return "A"
	case GradeUnlimited:
		return "Unlimited"
	}
	return fmt.Sprintf("Grade(%d)", int(g))
}

// RequiredGrade returns the lowest licence grade allowed to take the vessel.
func RequiredGrade(v Vessel) Grade {
	switch {
	case v.Hazardous || v.LOA > 300:
		return GradeUnlimited
	case v.LOA > 220 || v.Draft > 12:
		return GradeA
	case v.LOA > 150:
		return GradeB
	default:
		return GradeC
	}
}

// Pilot is a licensed pilot on the shift roster.
type Pilot struct {
	Name    string
	Grade   Grade
	Hazmat  bool // endorsed for gas and tanker work
	OnDuty  time.Time
	OffDuty time.Time
}

func (p Pilot) canTake(v Vessel) bool {
	if p.Grade < RequiredGrade(v) {
		return false
	}
	return !v.Hazardous || p.Hazmat
}
