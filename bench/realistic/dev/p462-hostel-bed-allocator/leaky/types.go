package beds

import (
	"errors"
	"time"
)

// Errors returned by the allocator.
var (
	ErrFull          = errors.New("no suitable bed free")
	ErrClosed        = errors.New("allocator closed")
	ErrUnknownGuest  = errors.New("guest has no bed")
	ErrAlreadyBooked = errors.New("guest already has a bed")
)

// Dorm is a room with a number of bunks.
type Dorm struct {
	ID         string
	Beds       int
	FemaleOnly bool
	Private    bool // rented as a whole room
}

// Guest is someone asking for a bed tonight.
type Guest struct {
	Name        string
	Female      bool
	WantPrivate bool
	Nights      int
}

// Assignment records which bunk a guest sleeps in.
type Assignment struct {
	Guest Guest
	Dorm  string
	Bed   int
	At    time.Time
}

// Notifier is told about assignments made from the walk-in waitlist,
// typically the front-desk display or an SMS gateway.
type Notifier interface {
	BedReady(a Assignment)
}

type dormState struct {
	Dorm
	occupant []string // guest name per bunk, "" when free
}

func (d *dormState) free() int {
	n := 0
	for _, o := range d.occupant {
		if o == "" {
			n++
		}
	}
	return n
}

func (d *dormState) suits(g Guest) bool {
	if d.FemaleOnly && !g.Female {
		return false
	}
	if g.WantPrivate != d.Private {
		return false
	}
	if d.Private {
		return d.free() == d.Beds
	}
	return d.free() > 0
}

func (d *dormState) take(name string) int {
	for i, o := range d.occupant {
		if o == "" {
			d.occupant[i] = name
			return i + 1
		}
	}
	return 0
}

// walkIn is a guest queued at the desk for the next bed that fits.
type walkIn struct {
	guest    Guest
	queuedAt time.Time
	done     func(Assignment, error)
}
