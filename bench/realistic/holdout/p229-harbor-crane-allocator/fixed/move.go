package crane

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors returned by the allocator.
var (
	ErrClosed     = errors.New("crane: allocator closed")
	ErrQueueFull  = errors.New("crane: move queue full")
	ErrInvalid    = errors.New("crane: invalid move")
	ErrOverweight = errors.New("crane: container exceeds safe working load")
)

// Hoist drives the crane PLC. Lift moves one container between two slots
// and returns once the spreader is unlocked at the destination.
type Hoist interface {
	Lift(ctx context.Context, craneID string, m Move) error
}

// Slot is a stowage position: bay, row and tier as printed on the bay plan.
// Bay zero denotes the quay apron.
type Slot struct {
	Bay  int
	Row  int
	Tier int
}

func (s Slot) String() string {
	if s.Bay == 0 {
		return "apron"
	}
	return fmt.Sprintf("%02d%02d%02d", s.Bay, s.Row, s.Tier)
}

// Move is a single container movement requested by the vessel planner.
type Move struct {
	ID        string
	Container string
	From      Slot
	To        Slot
	Weight    float64
}

func (m Move) validate(maxWeight float64) error {
	if m.ID == "" {
		return fmt.Errorf("%w: missing move id", ErrInvalid)
	}
	if !validContainer(m.Container) {
		return fmt.Errorf("%w: move %s: bad container number %q", ErrInvalid, m.ID, m.Container)
	}
	if m.From == m.To {
		return fmt.Errorf("%w: move %s: source and destination are both %s", ErrInvalid, m.ID, m.From)
	}
	if m.Weight > maxWeight {
		return fmt.Errorf("%w: move %s: %.1ft > %.1ft", ErrOverweight, m.ID, m.Weight, maxWeight)
	}
	return nil
}

// validContainer checks the ISO 6346 shape: four letters then seven digits.
func validContainer(s string) bool {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 11 {
		return false
	}
	for i, r := range s {
		switch {
		case i < 4 && (r < 'A' || r > 'Z'):
			return false
		case i >= 4 && (r < '0' || r > '9'):
			return false
		}
	}
	return true
}

// Result reports how a move ended.
type Result struct {
	MoveID   string
	Crane    string
	Waited   time.Duration
	Duration time.Duration
	Err      error
}

// Stats summarises the work done at the berth.
type Stats struct {
	Completed int
	Failed    int
	Queued    int
	PerCrane  map[string]int
	Working   map[string]string
	Suspended bool
}
