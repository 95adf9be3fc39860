// Package boarding runs the passenger ticket gates at a ferry terminal:
// each gate scans tickets, validates them against the booking system and
// admits passengers onto the sailing while seats are available.
package boarding

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors reported by gates and sailings.
var (
	ErrBoardingClosed = errors.New("boarding: boarding closed for this sailing")
	ErrWrongSailing   = errors.New("boarding: ticket is for another sailing")
	ErrAlreadyUsed    = errors.New("boarding: ticket already used")
	ErrExpired        = errors.New("boarding: ticket expired")
)

// Fare classes.
type Fare int

const (
	FareAdult Fare = iota
	FareChild
	FareConcession
	FareFoot // foot passenger walk-up, not pre-booked
)

// Ticket is what a gate reads from a QR code or smartcard.
type Ticket struct {
	Code      string
	SailingID string
	Fare      Fare
	ValidTo   time.Time
	Prebooked bool
}

// Scanner yields tickets presented at one gate. Next returns io.EOF when the
// gate's queue is finished (for example when the gate is switched off).
type Scanner interface {
	Next(ctx context.Context) (Ticket, error)
}

// Bookings validates tickets against the reservation system and marks them
// as used.
type Bookings interface {
	Redeem(ctx context.Context, t Ticket) error
}

// Display receives per-gate status updates for the terminal screens.
type Display interface {
	Show(gate string, msg string)
}

type nopDisplay struct{}

func (nopDisplay) Show(string, string) {}

func checkTicket(t Ticket, sailingID string, now time.Time) error {
	if t.SailingID != sailingID {
		return fmt.Errorf("%w: %s is for %s", ErrWrongSailing, t.Code, t.SailingID)
	}
	if !t.ValidTo.IsZero() && now.After(t.ValidTo) {
		return fmt.Errorf("%w: %s valid to %s", ErrExpired, t.Code, t.ValidTo.Format(time.Kitchen))
	}
	return nil
}
