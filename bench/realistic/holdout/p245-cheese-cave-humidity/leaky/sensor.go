package cave

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrSensorFault is returned by a Sensor whose probe could not produce a
// usable sample (condensation on the element, bus timeout, and so on).
var ErrSensorFault = errors.New("sensor fault")

// Reading is a single humidity/temperature sample from one probe.
type Reading struct {
	SensorID    string
	Zone        string
	RelHumidity float64 // percent
	TempC       float64
	At          time.Time
}

func (r Reading) String() string {
	return fmt.Sprintf("%s/%s %.1f%%RH %.1fC", r.Zone, r.SensorID, r.RelHumidity, r.TempC)
}

// Valid reports whether the reading is physically plausible for an
// affinage cave. Probes occasionally report 0 or >100 when wet.
func (r Reading) Valid() bool {
	return r.RelHumidity > 0 && r.RelHumidity <= 100 && r.TempC > -5 && r.TempC < 30
}

// Sensor is a humidity probe mounted in one aging zone of the cave.
type Sensor interface {
	ID() string
	Zone() string
	Read(ctx context.Context) (Reading, error)
}

// Actuator drives the misting heads (to raise humidity) and the
// dehumidifier (to lower it) of a zone.
type Actuator interface {
	SetMisting(ctx context.Context, zone string, on bool) error
	SetDehumidifier(ctx context.Context, zone string, on bool) error
}

// Mode is the regulation state of a zone.
type Mode int

const (
	ModeIdle Mode = iota
	ModeMisting
	ModeDrying
)

func (m Mode) String() string {
	switch m {
	case ModeMisting:
		return "misting"
	case ModeDrying:
		return "drying"
	default:
		return "idle"
	}
}
