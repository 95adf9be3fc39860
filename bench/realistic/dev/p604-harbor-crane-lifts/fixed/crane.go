package quayside

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Container is one box in a vessel's discharge plan.
type Container struct {
	ID      string // ISO 6346 number, e.g. "MSCU1234565"
	ISOType string // size-type code, e.g. "45G1"
	GrossKg float64
	Bay     int
	Row     int
	Tier    int
	Reefer  bool
}

func (c Container) String() string {
	return fmt.Sprintf("%s (%s, bay %02d row %02d tier %02d)", c.ID, c.ISOType, c.Bay, c.Row, c.Tier)
}

// Crane is a ship-to-shore gantry crane on the berth.
type Crane struct {
	ID                string
	SafeWorkingLoadKg float64
}

// CraneDriver moves one container from the vessel to the quay with a given
// crane; in production it talks to the crane's remote operating station.
type CraneDriver interface {
	Lift(ctx context.Context, craneID string, c Container) error
}

// MoveResult is what the terminal operating system is told about each move.
type MoveResult struct {
	Vessel      string
	ContainerID string
	CraneID     string
	Started     time.Time
	Finished    time.Time
	Err         error
}

// Ledger records completed or refused moves, usually in the terminal
// operating system.
type Ledger interface {
	Record(r MoveResult)
}

var (
	ErrOverweight = errors.New("quayside: container exceeds crane safe working load")
	ErrClosed     = errors.New("quayside: terminal is shutting down")
	ErrNoCranes   = errors.New("quayside: no cranes configured")
)
