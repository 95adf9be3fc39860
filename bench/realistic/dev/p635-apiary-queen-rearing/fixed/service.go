package rearing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

var (
	ErrOutsideWindow = errors.New("rearing: outside transfer window")
	ErrNoNucs        = errors.New("rearing: no queenless nucs in yard")
	ErrNotQueenless  = errors.New("rearing: nuc not confirmed queenless")
)

// Inspection is the latest colony check logged for a nuc.
type Inspection struct {
	Nuc       string
	At        time.Time
	QueenSeen bool
	EggsSeen  bool
}

// Registry is the apiary record system shared by the beekeeping crew.
type Registry interface {
	Nucs(ctx context.Context, yard string) ([]Nuc, error)
	LastInspection(ctx context.Context, nuc string) (Inspection, error)
	RecordPlacement(ctx context.Context, p Placement) error
}

// Logger is satisfied by *log.Logger.
type Logger interface {
	Printf(format string, args ...any)
}

// Config controls a Service.
type Config struct {
	Yard             string
	Crew             int           // nucs worked at the same time
	MaxInspectionAge time.Duration // older inspections do not prove a nuc queenless
	Now              func() time.Time
	Logger           Logger
}

// Report describes the outcome of distributing one grafting round.
type Report struct {
	Calendar Calendar
	Placed   []Placement
	Culled   []string // cells not fit to place
	Banked   []string // ripe cells with no nuc, to go into a cell bank
	Skipped  []string // nucs found queenright or not inspected recently
}

// Service distributes ripe queen cells from a cell builder to mating nucs.
type Service struct {
	cfg Config
	reg Registry
}

// New returns a Service for the yard in cfg.
func New(reg Registry, cfg Config) (*Service, error) {
	if reg == nil {
		return nil, errors.New("rearing: nil registry")
	}
	if cfg.Yard == "" {
		return nil, errors.New("rearing: yard required")
	}
	if cfg.Crew <= 0 {
		cfg.Crew = 2
	}
	if cfg.MaxInspectionAge <= 0 {
		cfg.MaxInspectionAge = 3 * day
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Service{cfg: cfg, reg: reg}, nil
}

// Distribute places the ripe cells of a round grafted at grafted into the
// queenless nucs of the yard, one cell per nuc.
func (s *Service) Distribute(ctx context.Context, grafted time.Time, cells []Cell) (*Report, error) {
	cal := CalendarFor(grafted)
	if err := cal.CanTransfer(s.cfg.Now()); err != nil {
		return nil, err
	}
	rep := &Report{Calendar: cal}

	var ripe []Cell
	for _, c := range cells {
		if !c.Capped || c.Torn {
			rep.Culled = append(rep.Culled, c.ID())
			continue
		}
		ripe = append(ripe, c)
	}
	sort.SliceStable(ripe, func(i, j int) bool {
		if ripe[i].Bar != ripe[j].Bar {
			return ripe[i].Bar < ripe[j].Bar
		}
		return ripe[i].Position < ripe[j].Position
	})

	nucs, err := s.reg.Nucs(ctx, s.cfg.Yard)
	if err != nil {
		return nil, fmt.Errorf("rearing: listing nucs in %s: %w", s.cfg.Yard, err)
	}
	var open []Nuc
	for _, n := range nucs {
		if n.Queenless && n.Frames >= 2 {
			open = append(open, n)
		}
	}
	if len(open) == 0 {
		return rep, ErrNoNucs
	}
	if len(ripe) > len(open) {
		for _, c := range ripe[len(open):] {
			rep.Banked = append(rep.Banked, c.ID())
		}
		ripe = ripe[:len(open)]
	}

	var mu sync.Mutex
	cr := newCrew(ctx, s.cfg.Crew)
	for i, cell := range ripe {
		cell, nuc := cell, open[i]
		cr.Go(func(ctx context.Context) error {
			p, err := s.place(ctx, cell, nuc, cal)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, ErrNotQueenless):
				s.cfg.Logger.Printf("rearing: %v; banking cell %s", err, cell.ID())
				rep.Skipped = append(rep.Skipped, nuc.ID)
				rep.Banked = append(rep.Banked, cell.ID())
				return nil
			case err != nil:
				return err
			}
			rep.Placed = append(rep.Placed, p)
			return nil
		})
	}
	err = cr.Wait()

	mu.Lock()
	defer mu.Unlock()
	out := *rep
	out.Placed = append([]Placement(nil), rep.Placed...)
	out.Banked = append([]string(nil), rep.Banked...)
	out.Skipped = append([]string(nil), rep.Skipped...)
	sort.Slice(out.Placed, func(i, j int) bool { return out.Placed[i].Cell < out.Placed[j].Cell })
	if err != nil {
		return &out, fmt.Errorf("rearing: distributing round of %s: %w", grafted.Format("Jan 2"), err)
	}
	return &out, nil
}

func (s *Service) place(ctx context.Context, cell Cell, nuc Nuc, cal Calendar) (Placement, error) {
	insp, err := s.reg.LastInspection(ctx, nuc.ID)
	if err != nil {
		return Placement{}, fmt.Errorf("inspection of %s: %w", nuc.ID, err)
	}
	now := s.cfg.Now()
	switch {
	case now.Sub(insp.At) > s.cfg.MaxInspectionAge:
		return Placement{}, fmt.Errorf("%w: %s last inspected %s", ErrNotQueenless, nuc.ID, insp.At.Format("Jan 2"))
	case insp.QueenSeen || insp.EggsSeen:
		return Placement{}, fmt.Errorf("%w: %s has a queen or eggs", ErrNotQueenless, nuc.ID)
	}
	p := Placement{
		Cell:        cell.ID(),
		Line:        cell.Line,
		Nuc:         nuc.ID,
		At:          now,
		LayingCheck: cal.LayingCheck,
	}
	if err := s.reg.RecordPlacement(ctx, p); err != nil {
		return Placement{}, fmt.Errorf("recording %s in %s: %w", p.Cell, p.Nuc, err)
	}
	s.cfg.Logger.Printf("rearing: cell %s (%s) into %s", p.Cell, p.Line, p.Nuc)
	return p, nil
}
