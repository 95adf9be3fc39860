// Package beds tracks hospital bed occupancy through admissions, transfers
// and discharges, and pushes occupancy updates to ward displays.
package beds

import (
	"context"
	"errors"
	"time"
)

// Errors returned (wrapped) by Tracker methods.
var (
	ErrClosed           = errors.New("beds: tracker closed")
	ErrUnknownBed       = errors.New("beds: unknown bed")
	ErrUnknownWard      = errors.New("beds: unknown ward")
	ErrBedOccupied      = errors.New("beds: bed occupied")
	ErrAlreadyAdmitted  = errors.New("beds: patient already admitted")
	ErrNotAdmitted      = errors.New("beds: patient not admitted")
	ErrIsolationNeeded  = errors.New("beds: patient requires an isolation bed")
	ErrSameBedTransfer  = errors.New("beds: transfer to current bed")
	errInvalidMovement  = errors.New("beds: invalid movement")
	errEmptyPatientID   = errors.New("beds: empty patient id")
	errDuplicateBedSpec = errors.New("beds: duplicate bed")
)

// Bed is a physical bed on a ward.
type Bed struct {
	ID        string
	Ward      string
	Isolation bool
}

// MovementKind is the type of a patient movement.
type MovementKind int

// Movement kinds.
const (
	Admission MovementKind = iota + 1
	Transfer
	Discharge
)

func (k MovementKind) String() string {
	switch k {
	case Admission:
		return "admission"
	case Transfer:
		return "transfer"
	case Discharge:
		return "discharge"
	}
	return "unknown"
}

// Movement is one entry in the patient flow log.
type Movement struct {
	Kind      MovementKind
	PatientID string
	FromBed   string
	ToBed     string
	At        time.Time
}

// Occupancy is the state of a ward as shown on its display.
type Occupancy struct {
	Ward      string
	Total     int
	Occupied  int
	Isolation int // isolation beds still free
	Seq       uint64
	AsOf      time.Time
}

// Available is the number of free beds.
func (o Occupancy) Available() int { return o.Total - o.Occupied }

// MovementLog durably records patient movements. The tracker refuses a
// movement the log could not record.
type MovementLog interface {
	Append(ctx context.Context, m Movement) error
}

// WardNotifier delivers occupancy updates to a ward display or nurse station.
type WardNotifier interface {
	Push(ctx context.Context, occ Occupancy) error
}

// Clock supplies timestamps.
type Clock interface {
	Now() time.Time
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
