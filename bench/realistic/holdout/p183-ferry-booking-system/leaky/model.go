// Package ferry sells vehicle deck and passenger space on ferry sailings,
// keeps waitlists for full sailings and handles cancellations.
package ferry

import (
	"context"
	"errors"
	"time"
)

// Errors returned (wrapped) by Service methods.
var (
	ErrNotFound      = errors.New("ferry: not found")
	ErrSailingClosed = errors.New("ferry: sailing not open for booking")
	ErrWaitlisted    = errors.New("ferry: sailing full, added to waitlist")
	ErrNoSpace       = errors.New("ferry: not enough space on sailing")
)

// SailingStatus is the lifecycle state of a sailing.
type SailingStatus int

// Sailing statuses.
const (
	Scheduled SailingStatus = iota
	Cancelled
)

// Sailing is one scheduled crossing.
type Sailing struct {
	ID             string
	Route          string
	Departs        time.Time
	LaneMetres     float64 // vehicle deck capacity
	PassengerSeats int
	Status         SailingStatus
	CancelReason   string
}

// Vehicle describes a vehicle travelling on the car deck.
type Vehicle struct {
	Registration string
	LengthMetres float64
}

// BookingStatus is the lifecycle state of a booking.
type BookingStatus int

// Booking statuses.
const (
	Confirmed BookingStatus = iota
	Refunded
)

// Booking is paid space on a sailing.
type Booking struct {
	ID          string
	SailingID   string
	CustomerID  string
	Passengers  int
	Vehicle     *Vehicle
	AmountCents int64
	PaymentRef  string
	Status      BookingStatus
	CreatedAt   time.Time
}

// WaitlistEntry is a request waiting for space to free up.
type WaitlistEntry struct {
	ID         string
	SailingID  string
	CustomerID string
	Passengers int
	Vehicle    *Vehicle
	AddedAt    time.Time
}

// Store persists sailings, bookings and waitlists.
type Store interface {
	Sailing(ctx context.Context, id string) (Sailing, error)
	SaveSailing(ctx context.Context, s Sailing) error
	Bookings(ctx context.Context, sailingID string) ([]Booking, error)
	SaveBooking(ctx context.Context, b Booking) error
	Waitlist(ctx context.Context, sailingID string) ([]WaitlistEntry, error)
	AddToWaitlist(ctx context.Context, e WaitlistEntry) error
	RemoveFromWaitlist(ctx context.Context, sailingID, entryID string) error
}

// Payments charges and refunds customers.
type Payments interface {
	Charge(ctx context.Context, customerID string, amountCents int64, idempotencyKey string) (ref string, err error)
	Refund(ctx context.Context, ref string, amountCents int64, idempotencyKey string) error
}

// Notifier sends messages to customers.
type Notifier interface {
	Notify(ctx context.Context, customerID, message string) error
}

// Clock supplies the current time.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
