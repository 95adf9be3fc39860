package lockkeeper

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Level is the water level the chamber is currently held at.
type Level int

const (
	Lower Level = iota
	Upper
)

func (l Level) String() string {
	switch l {
	case Lower:
		return "lower"
	case Upper:
		return "upper"
	default:
		return fmt.Sprintf("level(%d)", int(l))
	}
}

// Other returns the opposite pound.
func (l Level) Other() Level {
	if l == Lower {
		return Upper
	}
	return Lower
}

// Vessel is a boat asking to pass through the lock.
type Vessel struct {
	Name    string
	Length  float64 // metres
	Beam    float64 // metres
	From    Level
	Licence string
}

var (
	ErrClosed      = errors.New("lockkeeper: lock closed for the day")
	ErrTooLarge    = errors.New("lockkeeper: vessel does not fit the chamber")
	ErrNoLicence   = errors.New("lockkeeper: vessel has no navigation licence")
	ErrGateTimeout = errors.New("lockkeeper: gate did not settle in time")
)

// Sluice drives the paddles and gates of a single chamber.
type Sluice interface {
	// Equalise fills or empties the chamber until it matches the given pound.
	Equalise(ctx context.Context, to Level) error
	// OpenGate opens the gate on the given side and blocks until it is fully open.
	OpenGate(ctx context.Context, side Level) error
	// CloseGate closes the gate on the given side.
	CloseGate(ctx context.Context, side Level) error
}

// Outcome is what happened to a vessel at the lock.
type Outcome int

const (
	Passed Outcome = iota
	TurnedAway
	Failed
)

func (o Outcome) String() string {
	switch o {
	case Passed:
		return "passed"
	case TurnedAway:
		return "turned away"
	case Failed:
		return "failed"
	default:
		return "unknown"
	}
}

// Entry is a line in the lock logbook.
type Entry struct {
	Vessel   string
	From     Level
	Outcome  Outcome
	Err      error
	Waited   time.Duration
	Duration time.Duration
	At       time.Time
}

// Logbook records every vessel that presented itself at the lock.
type Logbook interface {
	Record(e Entry)
}
