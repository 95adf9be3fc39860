package cranes

import (
	"context"
	"errors"
	"time"
)

// Errors returned by the scheduler.
var (
	ErrNoCranes   = errors.New("cranes: no cranes configured")
	ErrNoWork     = errors.New("cranes: vessel has no container moves")
	ErrBerthTaken = errors.New("cranes: berth occupied")
)

// Bay is a cross-section of a ship's hold; cranes work bay by bay.
type Bay struct {
	Number int
	Moves  int // containers to discharge plus containers to load
}

// Vessel is a ship alongside a berth waiting to be worked.
type Vessel struct {
	Name  string
	Berth string
	Bays  []Bay
}

// TotalMoves is the number of container moves the call requires.
func (v Vessel) TotalMoves() int {
	n := 0
	for _, b := range v.Bays {
		n += b.Moves
	}
	return n
}

// Crane is a ship-to-shore gantry crane on the quay.
type Crane struct {
	ID           string
	MovesPerHour int
}

// Assignment gives a crane a contiguous run of bays.
type Assignment struct {
	Crane    string
	Bays     []Bay
	Moves    int
	Estimate time.Duration
}

// Report summarises a vessel operation.
type Report struct {
	Vessel      string
	Assignments []Assignment
	Completed   map[string]int // moves done, by crane
	Started     time.Time
	Finished    time.Time
}

// CraneControl talks to the crane operators' terminals.
type CraneControl interface {
	// Work has the crane work through bays in order and returns the number
	// of moves completed. It returns early with ctx.Err() when ctx ends.
	Work(ctx context.Context, craneID string, bays []Bay) (int, error)
}
