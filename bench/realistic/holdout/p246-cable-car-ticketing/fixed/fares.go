package ticketing

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var (
	ErrUnknownDeparture = errors.New("unknown departure")
	ErrBoardingClosed   = errors.New("boarding closed for departure")
	ErrCabinFull        = errors.New("not enough free places in cabin")
	ErrUnknownHold      = errors.New("unknown or expired hold")
	ErrNoFare           = errors.New("no fare for this class on this line")
	ErrClosed           = errors.New("ticketing service closed")
)

// FareClass is the rider category printed on the ticket.
type FareClass string

const (
	Adult   FareClass = "adult"
	Child   FareClass = "child"
	Senior  FareClass = "senior"
	Skier   FareClass = "skier"
	Family  FareClass = "family"
	Cyclist FareClass = "cyclist"
)

// Money is an amount in cents.
type Money int64

func (m Money) String() string { return fmt.Sprintf("%d.%02d", m/100, m%100) }

// Quote is what the pricing engine returns for a group of riders.
type Quote struct {
	Line    string
	Class   FareClass
	Riders  int
	Total   Money
	QuoteID string
}

// Pricer quotes fares. The production implementation calls the tariff
// service of the mountain operator, which knows seasonal and peak prices.
type Pricer interface {
	Quote(ctx context.Context, line string, class FareClass, riders int, at time.Time) (Quote, error)
}

// Payments charges and voids card payments.
type Payments interface {
	Charge(ctx context.Context, ref string, amount Money) (string, error)
	Void(ctx context.Context, paymentID string) error
}

// Departure is one scheduled cabin run.
type Departure struct {
	ID       string
	Line     string
	At       time.Time
	Capacity int
	// BikeRacks is how many cyclists the cabin can take.
	BikeRacks int
}

type departure struct {
	Departure
	held   int
	sold   int
	bikes  int
	closed bool
}

func (d *departure) free() int { return d.Capacity - d.held - d.sold }

func (d *departure) reserve(class FareClass, riders int) {
	d.held += riders
	if class == Cyclist {
		d.bikes += riders
	}
}

func (d *departure) unreserve(class FareClass, riders int) {
	d.held -= riders
	if class == Cyclist {
		d.bikes -= riders
	}
}
