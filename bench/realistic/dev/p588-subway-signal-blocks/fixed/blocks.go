package interlock

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// BlockID names a fixed signal block, e.g. "NB-114".
type BlockID string

// TrainID is the consist number reported by the train describer.
type TrainID string

// CircuitState is what a track circuit reports for its block.
type CircuitState int

const (
	CircuitClear CircuitState = iota
	CircuitOccupied
	CircuitFailed
)

func (s CircuitState) String() string {
	switch s {
	case CircuitClear:
		return "clear"
	case CircuitOccupied:
		return "occupied"
	case CircuitFailed:
		return "failed"
	default:
		return fmt.Sprintf("circuit(%d)", int(s))
	}
}

// TrackCircuits reads the wayside track circuits.
type TrackCircuits interface {
	State(ctx context.Context, id BlockID) (CircuitState, error)
}

var (
	ErrUnknownBlock  = errors.New("interlock: unknown block")
	ErrBlockOccupied = errors.New("interlock: block occupied")
	ErrBlockReserved = errors.New("interlock: block reserved by another train")
	ErrCircuitFailed = errors.New("interlock: track circuit failed")
)

// block is the interlocking's view of one signal block.
type block struct {
	mu         sync.Mutex
	id         BlockID
	circuit    CircuitState
	checkedAt  time.Time
	reservedBy TrainID
}

// available reports whether train may have this block in a route. The
// caller holds b.mu.
func (b *block) available(train TrainID, maxAge time.Duration, now time.Time) error {
	switch {
	case b.circuit == CircuitFailed:
		return fmt.Errorf("%s: %w", b.id, ErrCircuitFailed)
	case now.Sub(b.checkedAt) > maxAge:
		return fmt.Errorf("%s: %w (circuit not read for %s)", b.id, ErrCircuitFailed,
			now.Sub(b.checkedAt).Round(time.Millisecond))
	case b.reservedBy != "" && b.reservedBy != train:
		return fmt.Errorf("%s: %w %s", b.id, ErrBlockReserved, b.reservedBy)
	case b.circuit == CircuitOccupied && b.reservedBy != train:
		return fmt.Errorf("%s: %w", b.id, ErrBlockOccupied)
	}
	return nil
}

// Aspect is the signal shown at the entrance of a block.
type Aspect int

const (
	AspectRed Aspect = iota
	AspectYellow
	AspectGreen
)

func (a Aspect) String() string {
	return [...]string{"red", "yellow", "green"}[a]
}
