package spa

import (
	"errors"
	"fmt"
	"time"
)

// Treatment is a bookable thermal experience.
type Treatment string

const (
	Sauna      Treatment = "finnish-sauna"
	SteamRoom  Treatment = "steam-room"
	FloatPool  Treatment = "float-pool"
	ColdPlunge Treatment = "cold-plunge"
	MudBath    Treatment = "rasul-mud"
)

// Duration is the standard session length for a treatment.
func (t Treatment) Duration() time.Duration {
	switch t {
	case FloatPool:
		return 60 * time.Minute
	case MudBath:
		return 45 * time.Minute
	case ColdPlunge:
		return 15 * time.Minute
	default:
		return 30 * time.Minute
	}
}

// Turnaround is how long a room of this kind is out of service between
// guests in production (drain, sanitise, re-heat).
func (t Treatment) Turnaround() time.Duration {
	switch t {
	case FloatPool:
		return 20 * time.Minute
	case MudBath:
		return 25 * time.Minute
	default:
		return 10 * time.Minute
	}
}

// Booking is a guest's reservation.
type Booking struct {
	ID        string
	Guest     string
	Treatment Treatment
	Start     time.Time
	Room      string
	CheckedIn time.Time
	Done      time.Time
}

// End is when the booked session ends.
func (b Booking) End() time.Time { return b.Start.Add(b.Treatment.Duration()) }

func (b Booking) overlaps(start, end time.Time) bool {
	return b.Start.Before(end) && start.Before(b.End())
}

var (
	ErrClosed        = errors.New("spa: scheduler closed")
	ErrFullyBooked   = errors.New("spa: no capacity for that slot")
	ErrNoSuchBooking = errors.New("spa: unknown booking")
	ErrRoomNotReady  = errors.New("spa: no clean room available yet")
	ErrOutsideHours  = errors.New("spa: outside opening hours")
)

// Hours are the opening hours of the spa, in local wall-clock time.
type Hours struct {
	Open  time.Duration
	Close time.Duration
}

// DefaultHours is 07:00 to 22:00.
var DefaultHours = Hours{Open: 7 * time.Hour, Close: 22 * time.Hour}

func (h Hours) contains(start, end time.Time) error {
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, start.Location())
	if start.Before(day.Add(h.Open)) || end.After(day.Add(h.Close)) {
		return fmt.Errorf("%w: %s-%s", ErrOutsideHours, start.Format("15:04"), end.Format("15:04"))
	}
	return nil
}
