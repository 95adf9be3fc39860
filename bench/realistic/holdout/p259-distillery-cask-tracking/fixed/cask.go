// Package casktrack keeps the bonded-warehouse record of every cask a
// distillery has filled: where it lies, what is in it, and how much the
// angels have taken. Movements and gaugings are written through to the
// excise ledger in batches.
package casktrack

import (
	"errors"
	"fmt"
	"time"
)

var (
	ErrUnknownCask   = errors.New("casktrack: unknown cask")
	ErrDuplicateCask = errors.New("casktrack: cask already filled")
	ErrBadGauging    = errors.New("casktrack: gauging rejected")
	ErrRackOccupied  = errors.New("casktrack: rack position occupied")
	ErrCloseTimeout  = errors.New("casktrack: timed out waiting for final ledger flush")
)

// Wood is the previous use of the cask.
type Wood string

const (
	ExBourbon  Wood = "ex-bourbon barrel"
	SherryButt Wood = "oloroso butt"
	PortPipe   Wood = "port pipe"
	VirginOak  Wood = "virgin oak"
	RefillHogs Wood = "refill hogshead"
)

const (
	maxABV      = 75.0
	minLegalABV = 40.0
)

// Location is a stow in a warehouse: dunnage casks lie three high on the
// floor, racked warehouses go up to twelve tiers.
type Location struct {
	Warehouse string
	Bay       int
	Tier      int
}

func (l Location) String() string {
	return fmt.Sprintf("%s/%d/%d", l.Warehouse, l.Bay, l.Tier)
}

// Cask is one filled cask in bond.
type Cask struct {
	ID        string
	Wood      Wood
	CapacityL float64
	FilledAt  time.Time
	FillABV   float64
	FillLitre float64
	ABV       float64
	Litres    float64
	Location  Location
	GaugedAt  time.Time
}

// LPA is the litres of pure alcohol in the cask, the unit duty is paid on.
func (c Cask) LPA() float64 {
	return c.Litres * c.ABV / 100
}

// Gauging is a dip-and-hydrometer reading taken in the warehouse.
type Gauging struct {
	At     time.Time
	Litres float64
	ABV    float64
	By     string
}

// angelsShare returns the yearly fraction of pure alcohol lost between two
// states of a cask.
func angelsShare(before Cask, g Gauging) (float64, error) {
	years := g.At.Sub(before.GaugedAt).Hours() / (24 * 365.25)
	if years <= 0 {
		return 0, fmt.Errorf("%w: %s gauged at %s, not after %s",
			ErrBadGauging, before.ID, g.At.Format("2006-01-02"), before.GaugedAt.Format("2006-01-02"))
	}
	lpaBefore := before.LPA()
	lpaAfter := g.Litres * g.ABV / 100
	if lpaAfter > lpaBefore {
		return 0, fmt.Errorf("%w: %s gained %.1f LPA", ErrBadGauging, before.ID, lpaAfter-lpaBefore)
	}
	return (1 - lpaAfter/lpaBefore) / years, nil
}

// EntryKind is the kind of a ledger entry.
type EntryKind string

const (
	EntryFill    EntryKind = "fill"
	EntryMove    EntryKind = "move"
	EntryGauging EntryKind = "gauging"
)

// Entry is one line in the excise ledger.
type Entry struct {
	Kind     EntryKind
	CaskID   string
	At       time.Time
	Location Location
	Litres   float64
	ABV      float64
	LPA      float64
}
