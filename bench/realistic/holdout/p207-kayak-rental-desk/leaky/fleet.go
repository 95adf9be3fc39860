package rentaldesk

import (
	"errors"
	"fmt"
	"time"
)

// Class is a kind of kayak the desk rents out.
type Class string

// Kayak classes on the rack.
const (
	Single   Class = "single"
	Tandem   Class = "tandem"
	SitOnTop Class = "sit-on-top"
	Sea      Class = "sea"
)

var seats = map[Class]int{Single: 1, Tandem: 2, SitOnTop: 1, Sea: 1}

// Condition is the state a kayak comes back in.
type Condition int

// Conditions recorded at check-in.
const (
	Good Condition = iota
	Scuffed
	Damaged
)

func (c Condition) String() string {
	switch c {
	case Good:
		return "good"
	case Scuffed:
		return "scuffed"
	case Damaged:
		return "damaged"
	}
	return fmt.Sprintf("Condition(%d)", int(c))
}

// Kayak is one boat in the fleet.
type Kayak struct {
	ID    string
	Class Class
}

// Customer is the person signing for a rental.
type Customer struct {
	Name         string
	Phone        string
	Paddlers     int
	WaiverSigned bool
}

// Rental is a kayak currently out on the water.
type Rental struct {
	ID       string
	Kayak    Kayak
	Customer Customer
	HoldID   string
	Out      time.Time
	Due      time.Time
}

// Errors returned by the desk.
var (
	ErrDeskClosed     = errors.New("rentaldesk: desk is closed")
	ErrNoneAvailable  = errors.New("rentaldesk: no kayak of that class available")
	ErrUnknownRental  = errors.New("rentaldesk: unknown rental")
	ErrWaiverRequired = errors.New("rentaldesk: waiver not signed")
)

func (c Customer) check(class Class) error {
	if c.Name == "" || c.Phone == "" {
		return errors.New("rentaldesk: customer name and phone are required")
	}
	if !c.WaiverSigned {
		return ErrWaiverRequired
	}
	n, ok := seats[class]
	if !ok {
		return fmt.Errorf("rentaldesk: unknown class %q", class)
	}
	if c.Paddlers < 1 || c.Paddlers > n {
		return fmt.Errorf("rentaldesk: %d paddler(s) do not fit a %s kayak", c.Paddlers, class)
	}
	return nil
}
