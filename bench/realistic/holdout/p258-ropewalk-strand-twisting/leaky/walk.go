package ropewalk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// ErrStrandParted is returned by a Former when yarns break on the hook.
var ErrStrandParted = errors.New("ropewalk: strand parted")

// Strand is a formed strand ready for laying.
type Strand struct {
	Index         int
	Yarns         int
	LengthFathoms float64
	PeakTensionLb float64
}

// Former drives one forming hook.
type Former interface {
	Form(ctx context.Context, p StrandPlan) (Strand, error)
}

// Rope is a finished order.
type Rope struct {
	OrderID       string
	Lay           Lay
	Strands       []Strand
	LengthFathoms float64
	BreakingTons  float64
	LaidAt        time.Time
}

// Config configures a Ropewalk.
type Config struct {
	// Hooks is how many strands can be formed at the same time.
	Hooks int
	// MaxTensionLb rejects strands that were formed under too much strain.
	MaxTensionLb float64
	Logger       *log.Logger
	Now          func() time.Time
}

// Ropewalk lays rope orders.
type Ropewalk struct {
	cfg    Config
	former Former
	log    *log.Logger
}

// New returns a Ropewalk using f to form strands.
func New(f Former, cfg Config) (*Ropewalk, error) {
	if f == nil {
		return nil, errors.New("ropewalk: nil former")
	}
	if cfg.Hooks <= 0 {
		cfg.Hooks = 3
	}
	if cfg.MaxTensionLb <= 0 {
		cfg.MaxTensionLb = 900
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Ropewalk{cfg: cfg, former: f, log: cfg.Logger}, nil
}

// Lay forms all strands of spec and lays them into rope.
func (w *Ropewalk) Lay(ctx context.Context, spec RopeSpec) (*Rope, error) {
	plans, err := spec.Plan()
	if err != nil {
		return nil, err
	}
	w.log.Printf("ropewalk: order %s: %d %v strands of %d yarns, %.0f fathoms",
		spec.OrderID, len(plans), plans[0].Twist, plans[0].Yarns, plans[0].LengthFathoms)

	strands := make([]Strand, len(plans))
	jobs := make([]func(context.Context) error, len(plans))
	for i, p := range plans {
		i, p := i, p
		jobs[i] = func(ctx context.Context) error {
			s, err := w.former.Form(ctx, p)
			if err != nil {
				return fmt.Errorf("order %s strand %d: %w", p.OrderID, p.Index+1, err)
			}
			if err := w.inspect(p, s); err != nil {
				return err
			}
			strands[i] = s
			return nil
		}
	}

	c := newCrew(ctx, w.cfg.Hooks)
	defer c.cancel()
	c.dispatch(jobs)
	if err := c.wait(); err != nil {
		w.log.Printf("ropewalk: order %s abandoned: %v", spec.OrderID, err)
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return w.layUp(spec, strands), nil
}

func (w *Ropewalk) inspect(p StrandPlan, s Strand) error {
	if s.Yarns != p.Yarns {
		return fmt.Errorf("order %s strand %d: %d yarns formed, %d planned",
			p.OrderID, p.Index+1, s.Yarns, p.Yarns)
	}
	if s.LengthFathoms < p.LengthFathoms*0.98 {
		return fmt.Errorf("order %s strand %d: short by %.1f fathoms",
			p.OrderID, p.Index+1, p.LengthFathoms-s.LengthFathoms)
	}
	if s.PeakTensionLb > w.cfg.MaxTensionLb {
		return fmt.Errorf("order %s strand %d: formed at %.0flb, limit %.0flb",
			p.OrderID, p.Index+1, s.PeakTensionLb, w.cfg.MaxTensionLb)
	}
	return nil
}

// layUp closes the strands into rope. The finished rope comes out about
// three quarters the length of its strands, and its strength follows the
// old rule of circumference squared over a fibre divisor.
func (w *Ropewalk) layUp(spec RopeSpec, strands []Strand) *Rope {
	shortest := strands[0].LengthFathoms
	for _, s := range strands[1:] {
		if s.LengthFathoms < shortest {
			shortest = s.LengthFathoms
		}
	}
	divisor := 3.0
	if spec.Fibre == Sisal {
		divisor = 3.5
	}
	if spec.Lay == CableLaid {
		divisor *= 1.25
	}
	r := &Rope{
		OrderID:       spec.OrderID,
		Lay:           spec.Lay,
		Strands:       strands,
		LengthFathoms: shortest / takeUp,
		BreakingTons:  spec.CircumferenceIn * spec.CircumferenceIn / divisor,
		LaidAt:        w.cfg.Now(),
	}
	w.log.Printf("ropewalk: order %s laid: %.0f fathoms, %.1f tons",
		spec.OrderID, r.LengthFathoms, r.BreakingTons)
	return r
}
