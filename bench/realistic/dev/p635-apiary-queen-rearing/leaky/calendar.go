package rearing

import (
	"fmt"
	"time"
)

const day = 24 * time.Hour

// Offsets from grafting a day-old larva (day 4 counted from the egg).
const (
	cappedAfter    = 5 * day  // cell sealed, day 9 from the egg
	transferAfter  = 10 * day // cell ripe enough to handle, day 14
	emergenceAfter = 12 * day // virgin queen emerges, day 16
	matingAfter    = 18 * day // mating flights begin about six days after emergence
	layingAfter    = 26 * day // first check for eggs in the mating nuc
)

// Calendar lists the key dates of one grafting round.
type Calendar struct {
	Grafted      time.Time
	Capped       time.Time
	TransferFrom time.Time
	TransferBy   time.Time
	Emergence    time.Time
	MatingFrom   time.Time
	LayingCheck  time.Time
}

// CalendarFor returns the calendar for larvae grafted at t.
func CalendarFor(t time.Time) Calendar {
	return Calendar{
		Grafted:      t,
		Capped:       t.Add(cappedAfter),
		TransferFrom: t.Add(transferAfter),
		TransferBy:   t.Add(emergenceAfter - 12*time.Hour),
		Emergence:    t.Add(emergenceAfter),
		MatingFrom:   t.Add(matingAfter),
		LayingCheck:  t.Add(layingAfter),
	}
}

// CanTransfer reports whether ripe cells may be moved to mating nucs at now.
// Before the window the pupae are too soft to handle; after it the first
// queen to emerge kills her sisters in the cell builder.
func (c Calendar) CanTransfer(now time.Time) error {
	switch {
	case now.Before(c.TransferFrom):
		return fmt.Errorf("%w: cells not ripe until %s", ErrOutsideWindow, c.TransferFrom.Format("Jan 2 15:04"))
	case now.After(c.TransferBy):
		return fmt.Errorf("%w: queens due to emerge %s", ErrOutsideWindow, c.Emergence.Format("Jan 2 15:04"))
	}
	return nil
}

// Cell is a queen cell on a grafting bar.
type Cell struct {
	Bar      int
	Position int
	Line     string // breeder queen the larva came from
	Capped   bool
	Torn     bool // opened from the side by workers
}

// ID is the bar/position label written on the cell protector.
func (c Cell) ID() string { return fmt.Sprintf("B%d-%02d", c.Bar, c.Position) }

// Nuc is a small mating colony waiting for a cell.
type Nuc struct {
	ID        string
	Yard      string
	Queenless bool
	Frames    int
}

// Placement records which cell went into which nuc.
type Placement struct {
	Cell        string
	Line        string
	Nuc         string
	At          time.Time
	LayingCheck time.Time
}
