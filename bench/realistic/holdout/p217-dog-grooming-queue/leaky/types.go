package grooming

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Size is the coat-and-body size class used to price and time a visit.
type Size int

const (
	SizeSmall Size = iota
	SizeMedium
	SizeLarge
	SizeGiant
)

func (s Size) String() string {
	switch s {
	case SizeSmall:
		return "small"
	case SizeMedium:
		return "medium"
	case SizeLarge:
		return "large"
	case SizeGiant:
		return "giant"
	}
	return fmt.Sprintf("size(%d)", int(s))
}

// Service is one item on the salon menu.
type Service string

const (
	ServiceBath      Service = "bath"
	ServiceFullGroom Service = "full-groom"
	ServiceNailTrim  Service = "nail-trim"
	ServiceDeshed    Service = "deshed"
)

var baseMinutes = map[Service]int{
	ServiceBath:      40,
	ServiceFullGroom: 90,
	ServiceNailTrim:  15,
	ServiceDeshed:    60,
}

// Dog is the client being groomed.
type Dog struct {
	Name  string
	Breed string
	Size  Size
	Owner string
	Phone string
}

// Request asks for the earliest suitable appointment on a given day.
type Request struct {
	Dog       Dog
	Services  []Service
	Day       time.Time
	Preferred string
}

func (r Request) validate() error {
	if r.Dog.Name == "" || r.Dog.Owner == "" {
		return fmt.Errorf("%w: dog name and owner are required", ErrInvalidRequest)
	}
	if len(r.Services) == 0 {
		return fmt.Errorf("%w: at least one service is required", ErrInvalidRequest)
	}
	for _, s := range r.Services {
		if _, ok := baseMinutes[s]; !ok {
			return fmt.Errorf("%w: unknown service %q", ErrInvalidRequest, s)
		}
	}
	if r.Day.IsZero() {
		return fmt.Errorf("%w: day is required", ErrInvalidRequest)
	}
	return nil
}

// Duration estimates how long the requested services take for this dog.
func (r Request) Duration() time.Duration {
	total := 0
	for _, s := range r.Services {
		total += baseMinutes[s]
	}
	switch r.Dog.Size {
	case SizeLarge:
		total = total * 5 / 4
	case SizeGiant:
		total = total * 3 / 2
	}
	// Round up to the quarter hour the booking grid uses.
	if rem := total % 15; rem != 0 {
		total += 15 - rem
	}
	return time.Duration(total) * time.Minute
}

// Groomer is a member of staff on shift.
type Groomer struct {
	ID      string
	Name    string
	MaxSize Size
	Skills  map[Service]bool
}

func (g Groomer) canHandle(r Request) bool {
	if r.Dog.Size > g.MaxSize {
		return false
	}
	for _, s := range r.Services {
		if !g.Skills[s] {
			return false
		}
	}
	return true
}

// Slot is a contiguous free window in a groomer's calendar.
type Slot struct {
	GroomerID string
	Start     time.Time
	End       time.Time
}

// Appointment is a confirmed booking.
type Appointment struct {
	ID       string
	Dog      Dog
	Services []Service
	Slot     Slot
	BookedAt time.Time
}

var (
	ErrInvalidRequest = errors.New("grooming: invalid request")
	ErrNoGroomer      = errors.New("grooming: no groomer on shift can take this dog")
	ErrNoSlot         = errors.New("grooming: no free slot on requested day")
	ErrNotFound       = errors.New("grooming: appointment not found")
)

// Roster tells which groomers work on a given day.
type Roster interface {
	OnShift(ctx context.Context, day time.Time) ([]Groomer, error)
}

// Calendar is the shared booking calendar (usually a remote service).
type Calendar interface {
	FreeSlots(ctx context.Context, groomerID string, day time.Time, length time.Duration) ([]Slot, error)
	Reserve(ctx context.Context, slot Slot, ref string) error
	Release(ctx context.Context, slot Slot, ref string) error
}

// Notifier sends confirmations to the owner.
type Notifier interface {
	Confirm(ctx context.Context, a Appointment) error
}
