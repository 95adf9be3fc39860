// Package hivescale turns the weight log of a hive scale into a short
// assessment a beekeeper can act on: nectar flow, robbing, swarming.
package hivescale

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Reading is one logged sample from a hive scale.
type Reading struct {
	HiveID   string
	At       time.Time
	WeightKg float64
	TempC    float64
	Humidity float64
	BatteryV float64
}

// Scale is the remote hive scale (usually reached over a LoRa gateway).
// Fetch returns up to limit readings logged strictly after since, oldest
// first. An empty page means the log has been read to its end.
type Scale interface {
	Fetch(ctx context.Context, hiveID string, since time.Time, limit int) ([]Reading, error)
}

var (
	// ErrSensorFault is returned when the load cell reports values that
	// cannot come from a hive, which makes the rest of the log unusable.
	ErrSensorFault = errors.New("hivescale: load cell fault")

	// errImplausible marks a single reading that should be skipped.
	errImplausible = errors.New("implausible reading")

	// ErrNoData is returned when the scale has nothing logged for the period.
	ErrNoData = errors.New("hivescale: no readings in period")
)

// Limits bound what a healthy hive scale can report.
type Limits struct {
	MinWeightKg float64
	MaxWeightKg float64
	MinTempC    float64
	MaxTempC    float64
	LowBatteryV float64
}

// DefaultLimits suit a Langstroth hive on a standard platform scale.
var DefaultLimits = Limits{
	MinWeightKg: 0,
	MaxWeightKg: 200,
	MinTempC:    -30,
	MaxTempC:    60,
	LowBatteryV: 3.4,
}

func (l Limits) check(r Reading) error {
	if math.IsNaN(r.WeightKg) || r.WeightKg < l.MinWeightKg || r.WeightKg > l.MaxWeightKg {
		return fmt.Errorf("%w: weight %.1f kg at %s", ErrSensorFault, r.WeightKg, r.At.Format(time.RFC3339))
	}
	if r.TempC < l.MinTempC || r.TempC > l.MaxTempC {
		return fmt.Errorf("%w: temperature %.1f C", errImplausible, r.TempC)
	}
	if r.Humidity < 0 || r.Humidity > 100 {
		return fmt.Errorf("%w: humidity %.0f%%", errImplausible, r.Humidity)
	}
	return nil
}

// Assessment summarises a period of scale readings for one hive.
type Assessment struct {
	HiveID      string
	From, To    time.Time
	Samples     int
	Skipped     int
	StartKg     float64
	EndKg       float64
	NetGainKg   float64
	MaxDropKg   float64
	MaxDropAt   time.Time
	SwarmAlert  bool
	RobbingRisk bool
	LowBattery  bool
}

// Flow reports the average daily weight change over the period.
func (a Assessment) Flow() float64 {
	days := a.To.Sub(a.From).Hours() / 24
	if days <= 0 {
		return 0
	}
	return a.NetGainKg / days
}
