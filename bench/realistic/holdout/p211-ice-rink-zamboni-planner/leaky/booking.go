package zamboni

import (
	"context"
	"fmt"
	"time"
)

// Kind is the type of ice session booked on a sheet.
type Kind string

// Session kinds known to the rink's booking system.
const (
	PublicSkate    Kind = "public"
	HockeyGame     Kind = "hockey-game"
	HockeyPractice Kind = "hockey-practice"
	FigureSkating  Kind = "figure"
	LearnToSkate   Kind = "lts"
	Broomball      Kind = "broomball"
)

// Booking is one reserved block of ice time.
type Booking struct {
	ID    string
	Sheet string
	Kind  Kind
	Start time.Time
	End   time.Time
	Group string
}

// Duration returns the length of the booking.
func (b Booking) Duration() time.Duration { return b.End.Sub(b.Start) }

func (b Booking) validate(sheet string, day time.Time) error {
	switch {
	case b.ID == "":
		return fmt.Errorf("booking without id on sheet %s", sheet)
	case b.Sheet != sheet:
		return fmt.Errorf("booking %s belongs to sheet %s, not %s", b.ID, b.Sheet, sheet)
	case !b.End.After(b.Start):
		return fmt.Errorf("booking %s ends before it starts", b.ID)
	case !sameDay(b.Start, day):
		return fmt.Errorf("booking %s starts on %s, not %s", b.ID, b.Start.Format("2006-01-02"), day.Format("2006-01-02"))
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// scarsIce reports whether the ice needs a full resurface after a session
// of this kind.
func (k Kind) scarsIce() bool {
	switch k {
	case HockeyGame, HockeyPractice, PublicSkate, Broomball:
		return true
	default:
		return false
	}
}

// needsFreshIce reports whether a session of this kind must start on
// freshly resurfaced ice regardless of what came before.
func (k Kind) needsFreshIce() bool {
	return k == FigureSkating || k == HockeyGame
}

// BookingPage is one page of results from the booking system.
type BookingPage struct {
	Bookings  []Booking
	NextToken string
}

// BookingSource lists the bookings of a sheet for a day, in start order,
// one page at a time.
type BookingSource interface {
	ListBookings(ctx context.Context, sheet string, day time.Time, pageToken string) (BookingPage, error)
}
