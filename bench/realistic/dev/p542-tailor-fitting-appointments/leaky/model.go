package fitting

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Garment is the kind of work a fitting is booked for.
type Garment string

// Garments the shop takes fittings for.
const (
	Suit       Garment = "suit"
	Dress      Garment = "dress"
	Shirt      Garment = "shirt"
	Alteration Garment = "alteration"
)

// PartOfDay narrows the slots a customer is willing to take.
type PartOfDay int

// Parts of the day a customer can ask for.
const (
	AnyTime PartOfDay = iota
	Morning
	Afternoon
)

// Interval is a half-open time range [Start, End).
type Interval struct {
	Start, End time.Time
}

func (iv Interval) overlaps(o Interval) bool {
	return iv.Start.Before(o.End) && o.Start.Before(iv.End)
}

// Slot is a free interval in a tailor's calendar.
type Slot struct {
	Tailor string
	Interval
}

func (s Slot) overlapsAny(busy []Interval) bool {
	for _, b := range busy {
		if s.overlaps(b) {
			return true
		}
	}
	return false
}

// Request is what the front desk collects from a customer.
type Request struct {
	Customer string
	Phone    string
	Tailor   string
	Garment  Garment
	Earliest time.Time
	Prefer   PartOfDay
	NotOn    []time.Weekday
}

func (r Request) validate() error {
	switch {
	case r.Customer == "":
		return errors.New("fitting: request without customer")
	case r.Tailor == "":
		return fmt.Errorf("fitting: %s: no tailor chosen", r.Customer)
	case r.Earliest.IsZero():
		return fmt.Errorf("fitting: %s: no earliest date", r.Customer)
	}
	return nil
}

func (r Request) accepts(s Slot, noon time.Duration) bool {
	for _, wd := range r.NotOn {
		if s.Start.Weekday() == wd {
			return false
		}
	}
	y, m, d := s.Start.Date()
	midday := time.Date(y, m, d, 0, 0, 0, 0, s.Start.Location()).Add(noon)
	switch r.Prefer {
	case Morning:
		return !s.End.After(midday)
	case Afternoon:
		return !s.Start.Before(midday)
	}
	return true
}

// Appointment is a confirmed fitting.
type Appointment struct {
	ID       string
	Customer string
	Phone    string
	Garment  Garment
	Slot
}

// Calendar is the shop's booking backend.
type Calendar interface {
	// Busy returns the intervals already taken for tailor on the given day.
	Busy(ctx context.Context, tailor string, day time.Time) ([]Interval, error)
	// Reserve books a slot; it returns ErrSlotTaken if someone got there first.
	Reserve(ctx context.Context, a Appointment) error
}

// Notifier tells the customer about their appointment.
type Notifier interface {
	Confirm(ctx context.Context, a Appointment) error
}

// Errors returned by the scheduler.
var (
	ErrSlotTaken      = errors.New("fitting: slot already taken")
	ErrNoAvailability = errors.New("fitting: no slot available in the booking horizon")
)
