package flour

import (
	"errors"
	"fmt"
	"sync"
)

var (
	ErrSiloClosed       = errors.New("flour: silo closed")
	ErrExceedsCapacity  = errors.New("flour: draw exceeds silo capacity")
	ErrOverfill         = errors.New("flour: delivery would overfill silo")
	ErrUnknownFlourType = errors.New("flour: no silo for flour type")
)

// SiloConfig describes one flour silo.
type SiloConfig struct {
	Name       string
	FlourType  string
	CapacityKg float64
	InitialKg  float64
	// ReorderKg is the level below which a delivery is requested.
	ReorderKg float64
}

// DrawReceipt reports the state of a silo after flour was drawn.
type DrawReceipt struct {
	DrawnKg     float64
	RemainingKg float64
	// Reorder is set on the draw that took the silo below its reorder
	// level, so that exactly one delivery is requested per low period.
	Reorder bool
}

// Silo holds one type of flour. Mixers draw from it, blocking while there
// is not enough flour for their batch, and deliveries refill it.
type Silo struct {
	cfg SiloConfig

	mu         sync.Mutex
	cond       *sync.Cond
	levelKg    float64
	waiting    int
	belowLevel bool
	closed     bool
}

// NewSilo validates cfg and returns a silo filled to cfg.InitialKg.
func NewSilo(cfg SiloConfig) (*Silo, error) {
	if cfg.Name == "" || cfg.FlourType == "" {
		return nil, errors.New("flour: silo needs a name and a flour type")
	}
	if cfg.CapacityKg <= 0 || cfg.InitialKg < 0 || cfg.InitialKg > cfg.CapacityKg {
		return nil, fmt.Errorf("flour: silo %s: bad capacity %.0f / initial %.0f kg", cfg.Name, cfg.CapacityKg, cfg.InitialKg)
	}
	if cfg.ReorderKg < 0 || cfg.ReorderKg >= cfg.CapacityKg {
		return nil, fmt.Errorf("flour: silo %s: bad reorder level %.0f kg", cfg.Name, cfg.ReorderKg)
	}
	s := &Silo{cfg: cfg, levelKg: cfg.InitialKg, belowLevel: cfg.InitialKg < cfg.ReorderKg}
	s.cond = sync.NewCond(&s.mu)
	return s, nil
}

func (s *Silo) Name() string        { return s.cfg.Name }
func (s *Silo) FlourType() string   { return s.cfg.FlourType }
func (s *Silo) CapacityKg() float64 { return s.cfg.CapacityKg }

// Draw takes kg of flour from the silo, waiting until that much is
// available. It returns ErrSiloClosed if the silo is closed before the
// flour could be drawn.
func (s *Silo) Draw(kg float64) (DrawReceipt, error) {
	if kg <= 0 {
		return DrawReceipt{}, fmt.Errorf("flour: silo %s: draw of %.1f kg", s.cfg.Name, kg)
	}
	if kg > s.cfg.CapacityKg {
		return DrawReceipt{}, fmt.Errorf("%w: %.1f kg from %s", ErrExceedsCapacity, kg, s.cfg.Name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waiting++
	for !s.closed && s.levelKg < kg {
		s.cond.Wait() // leak: Close only signals one waiter; the others never wake to see closed
	}
	s.waiting--
	if s.closed {
		return DrawReceipt{}, ErrSiloClosed
	}
	s.levelKg -= kg
	r := DrawReceipt{DrawnKg: kg, RemainingKg: s.levelKg}
	if s.levelKg < s.cfg.ReorderKg && !s.belowLevel {
		s.belowLevel = true
		r.Reorder = true
	}
	return r, nil
}

// Refill records a delivery of kg flour and wakes mixers waiting for it.
func (s *Silo) Refill(kg float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrSiloClosed
	}
	if s.levelKg+kg > s.cfg.CapacityKg {
		return fmt.Errorf("%w: %s holds %.0f of %.0f kg, delivery %.0f kg",
			ErrOverfill, s.cfg.Name, s.levelKg, s.cfg.CapacityKg, kg)
	}
	s.levelKg += kg
	if s.levelKg >= s.cfg.ReorderKg {
		s.belowLevel = false
	}
	s.cond.Broadcast()
	return nil
}

// SiloStats is a snapshot for the line's dashboard.
type SiloStats struct {
	Name      string
	FlourType string
	LevelKg   float64
	Waiting   int
	Closed    bool
}

func (s *Silo) Stats() SiloStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return SiloStats{Name: s.cfg.Name, FlourType: s.cfg.FlourType, LevelKg: s.levelKg, Waiting: s.waiting, Closed: s.closed}
}

// Close takes the silo out of service. Pending and future draws fail with
// ErrSiloClosed.
func (s *Silo) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.cond.Signal()
}
