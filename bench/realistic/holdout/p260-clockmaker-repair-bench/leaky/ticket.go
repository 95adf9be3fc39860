// Package repairbench schedules clock and watch repairs across the
// clockmakers at a workshop bench. Tickets wait until every part they need
// is in the parts drawer, then the next free clockmaker takes them.
package repairbench

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

var (
	ErrClosed       = errors.New("repairbench: bench closed")
	ErrDuplicate    = errors.New("repairbench: ticket already on the bench")
	ErrAlreadyOpen  = errors.New("repairbench: bench already open")
	ErrInvalidEntry = errors.New("repairbench: invalid ticket")
)

// Piece is the kind of timepiece brought in.
type Piece string

const (
	LongcaseClock Piece = "longcase clock"
	BracketClock  Piece = "bracket clock"
	CarriageClock Piece = "carriage clock"
	PocketWatch   Piece = "pocket watch"
	Regulator     Piece = "regulator"
)

// Priority orders tickets on the bench.
type Priority int

const (
	Routine Priority = iota
	Urgent
)

// Ticket is a repair job taken in at the counter.
type Ticket struct {
	ID       string
	Owner    string
	Piece    Piece
	Maker    string
	Faults   []string
	Parts    map[string]int
	Priority Priority
	Received time.Time
}

// Validate checks a ticket at intake.
func (t Ticket) Validate() error {
	if t.ID == "" {
		return fmt.Errorf("%w: no ticket number", ErrInvalidEntry)
	}
	if t.Piece == "" {
		return fmt.Errorf("%w: %s: piece not described", ErrInvalidEntry, t.ID)
	}
	if len(t.Faults) == 0 {
		return fmt.Errorf("%w: %s: no fault recorded", ErrInvalidEntry, t.ID)
	}
	for part, n := range t.Parts {
		if n <= 0 {
			return fmt.Errorf("%w: %s: %d of part %s", ErrInvalidEntry, t.ID, n, part)
		}
	}
	return nil
}

// partList returns the ticket's part numbers in a stable order.
func (t Ticket) partList() []string {
	parts := make([]string, 0, len(t.Parts))
	for p := range t.Parts {
		parts = append(parts, p)
	}
	sort.Strings(parts)
	return parts
}

// Report is what the clockmaker writes on the ticket when handing it back.
type Report struct {
	TicketID   string
	Clockmaker string
	Hours      float64
	// RateSecPerDay is the timekeeping measured on the test stand.
	RateSecPerDay float64
	Notes         string
	Finished      time.Time
}

// Repairer does the bench work on one ticket.
type Repairer interface {
	Repair(ctx context.Context, clockmaker string, t *Ticket) (Report, error)
}

// Shortage lists the parts a queued ticket is still waiting for.
type Shortage struct {
	TicketID string
	Parts    []string
}
