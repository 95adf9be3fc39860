package furnacelog

import (
	"fmt"
	"time"
)

// Kind is the type of a furnace in the hot shop.
type Kind int

const (
	// Crucible holds the molten batch glass.
	Crucible Kind = iota
	// GloryHole reheats work on the pipe.
	GloryHole
	// Annealer cools finished pieces on a controlled schedule.
	Annealer
)

func (k Kind) String() string {
	switch k {
	case Crucible:
		return "crucible"
	case GloryHole:
		return "glory hole"
	case Annealer:
		return "annealer"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Furnace describes one furnace and its safe operating envelope.
type Furnace struct {
	ID   string
	Kind Kind
	MaxC float64
	MinC float64 // below this the furnace is considered idle, 0 disables
	// MaxCoolPerMin limits the cooling rate; annealers only.
	MaxCoolPerMin float64
}

// Reading is a thermocouple sample.
type Reading struct {
	Furnace string
	Celsius float64
	At      time.Time
}

// Role is an operator's level in the studio.
type Role int

const (
	Assistant Role = iota
	Gaffer
	StudioManager
)

// Status is the externally visible state of a furnace.
type Status struct {
	Furnace  Furnace
	Last     Reading
	Alarm    string
	AlarmAt  time.Time
	AckedBy  string
	Readings int
}

type furnaceState struct {
	furnace  Furnace
	last     Reading
	hasLast  bool
	alarm    string
	alarmAt  time.Time
	ackedBy  string
	readings int
}

// evaluate returns a non-empty alarm reason if r is outside the furnace's
// envelope.
func (s *furnaceState) evaluate(r Reading) string {
	f := s.furnace
	if r.Celsius > f.MaxC {
		return fmt.Sprintf("over temperature: %.0f°C above limit %.0f°C", r.Celsius, f.MaxC)
	}
	if f.MinC > 0 && s.hasLast && s.last.Celsius >= f.MinC && r.Celsius < f.MinC {
		return fmt.Sprintf("dropped below working temperature: %.0f°C", r.Celsius)
	}
	if f.Kind == Annealer && s.hasLast && f.MaxCoolPerMin > 0 {
		mins := r.At.Sub(s.last.At).Minutes()
		if mins > 0 {
			rate := (s.last.Celsius - r.Celsius) / mins
			if rate > f.MaxCoolPerMin {
				return fmt.Sprintf("cooling at %.1f°C/min, schedule allows %.1f°C/min", rate, f.MaxCoolPerMin)
			}
		}
	}
	return ""
}

func (s *furnaceState) snapshot() Status {
	return Status{
		Furnace:  s.furnace,
		Last:     s.last,
		Alarm:    s.alarm,
		AlarmAt:  s.alarmAt,
		AckedBy:  s.ackedBy,
		Readings: s.readings,
	}
}
