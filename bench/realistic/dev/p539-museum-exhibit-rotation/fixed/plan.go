// Package rotation carries out exhibit rotations: taking objects off the
// walls of a gallery, sending them back to storage, and installing the
// incoming objects in the freed wall space.
package rotation

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ExhibitID is a catalogue accession number.
type ExhibitID string

// Exhibit is the catalogue record of an object.
type Exhibit struct {
	ID       ExhibitID
	Title    string
	Slots    int // wall or floor slots the object needs
	Fragile  bool
	OnLoan   bool
	LoanEnds time.Time
	Location string
}

// Gallery is the catalogue record of a gallery.
type Gallery struct {
	Name     string
	Slots    int
	Occupied int
}

// Swap lists the objects leaving and entering one gallery.
type Swap struct {
	Gallery string
	Out     []ExhibitID
	In      []ExhibitID
}

// Plan is a rotation signed off by the registrar.
type Plan struct {
	Name  string
	Swaps []Swap
}

// Catalog is the collections management system.
type Catalog interface {
	Exhibit(ctx context.Context, id ExhibitID) (Exhibit, error)
	Gallery(ctx context.Context, name string) (Gallery, error)
	Relocate(ctx context.Context, id ExhibitID, location string) error
}

// Movers is the art handling crew.
type Movers interface {
	Deinstall(ctx context.Context, gallery string, e Exhibit) error
	Install(ctx context.Context, gallery string, e Exhibit) error
}

// ErrPlan is wrapped by every plan validation error.
var ErrPlan = errors.New("rotation plan rejected")

type resolvedSwap struct {
	gallery Gallery
	out     []Exhibit
	in      []Exhibit
}

// resolve looks every object of the plan up in the catalogue and checks that
// the plan can be carried out as written.
func resolve(ctx context.Context, c Catalog, p Plan, storage string, now time.Time) ([]resolvedSwap, error) {
	if len(p.Swaps) == 0 {
		return nil, fmt.Errorf("%w: plan %q is empty", ErrPlan, p.Name)
	}
	seen := make(map[ExhibitID]bool)
	swaps := make([]resolvedSwap, 0, len(p.Swaps))
	for _, sw := range p.Swaps {
		g, err := c.Gallery(ctx, sw.Gallery)
		if err != nil {
			return nil, fmt.Errorf("gallery %s: %w", sw.Gallery, err)
		}
		rs := resolvedSwap{gallery: g}
		load := g.Occupied
		for _, id := range sw.Out {
			e, err := lookup(ctx, c, id, seen)
			if err != nil {
				return nil, err
			}
			if e.Location != g.Name {
				return nil, fmt.Errorf("%w: %s is in %s, not %s", ErrPlan, id, e.Location, g.Name)
			}
			load -= e.Slots
			rs.out = append(rs.out, e)
		}
		for _, id := range sw.In {
			e, err := lookup(ctx, c, id, seen)
			if err != nil {
				return nil, err
			}
			if e.Location != storage {
				return nil, fmt.Errorf("%w: %s is in %s, not in storage", ErrPlan, id, e.Location)
			}
			if e.OnLoan && !e.LoanEnds.After(now) {
				return nil, fmt.Errorf("%w: loan of %s ended %s", ErrPlan, id, e.LoanEnds.Format("2006-01-02"))
			}
			load += e.Slots
			rs.in = append(rs.in, e)
		}
		if load > g.Slots {
			return nil, fmt.Errorf("%w: %s would need %d slots, has %d", ErrPlan, g.Name, load, g.Slots)
		}
		swaps = append(swaps, rs)
	}
	return swaps, nil
}

func lookup(ctx context.Context, c Catalog, id ExhibitID, seen map[ExhibitID]bool) (Exhibit, error) {
	if seen[id] {
		return Exhibit{}, fmt.Errorf("%w: %s listed twice", ErrPlan, id)
	}
	seen[id] = true
	e, err := c.Exhibit(ctx, id)
	if err != nil {
		return Exhibit{}, fmt.Errorf("exhibit %s: %w", id, err)
	}
	if e.Slots <= 0 {
		return Exhibit{}, fmt.Errorf("%w: %s has no slot size", ErrPlan, id)
	}
	return e, nil
}
