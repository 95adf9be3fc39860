// Package tidegauge collects water-level readings from the float and
// pressure gauges spread across a salt marsh and turns a day of samples
// into a tide summary for the estuary log.
package tidegauge

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

var (
	// ErrGaugeOffline is returned by a Source when the logger at a station
	// cannot be reached at all. A survey cannot continue without it.
	ErrGaugeOffline = errors.New("tidegauge: gauge offline")
	// ErrImplausible marks a reading that no real tide could produce.
	ErrImplausible = errors.New("tidegauge: implausible reading")
	// ErrTooFewReadings is returned when gaps leave too little of the window.
	ErrTooFewReadings = errors.New("tidegauge: too few usable readings")
)

// Quality is the flag a gauge logger attaches to each sample.
type Quality int

const (
	QualityGood Quality = iota
	QualitySuspect
	QualityMissing
)

func (q Quality) String() string {
	switch q {
	case QualityGood:
		return "good"
	case QualitySuspect:
		return "suspect"
	case QualityMissing:
		return "missing"
	default:
		return fmt.Sprintf("quality(%d)", int(q))
	}
}

// Reading is one water-level sample. LevelM is metres above gauge zero as
// delivered by the Source and metres above chart datum once collected.
type Reading struct {
	StationID string
	At        time.Time
	LevelM    float64
	Quality   Quality
}

// Source is the telemetry link to the gauge loggers.
type Source interface {
	Read(ctx context.Context, stationID string, at time.Time) (Reading, error)
}

// Station describes one gauge and the limits its readings must respect.
type Station struct {
	ID   string
	Name string
	// DatumOffsetM is added to raw readings to refer them to chart datum.
	DatumOffsetM float64
	// MinLevelM and MaxLevelM bound the plausible level above chart datum.
	MinLevelM float64
	MaxLevelM float64
	// MaxStepM is the largest change allowed between consecutive samples.
	MaxStepM float64
}

// Validate reports whether the station definition is usable.
func (s Station) Validate() error {
	if s.ID == "" {
		return errors.New("tidegauge: station without id")
	}
	if s.MaxLevelM <= s.MinLevelM {
		return fmt.Errorf("tidegauge: station %s: max level %.2fm not above min %.2fm",
			s.ID, s.MaxLevelM, s.MinLevelM)
	}
	if s.MaxStepM < 0 {
		return fmt.Errorf("tidegauge: station %s: negative max step", s.ID)
	}
	return nil
}

func (s Station) label() string {
	if s.Name != "" {
		return fmt.Sprintf("%s (%s)", s.ID, s.Name)
	}
	return s.ID
}

// check compares a datum-corrected reading against the station limits and
// against the previous accepted reading.
func (s Station) check(prev *Reading, r Reading) error {
	if r.LevelM < s.MinLevelM || r.LevelM > s.MaxLevelM {
		return fmt.Errorf("%w: %s at %s: level %.2fm outside [%.2fm, %.2fm]",
			ErrImplausible, s.label(), r.At.Format(time.RFC3339), r.LevelM, s.MinLevelM, s.MaxLevelM)
	}
	if prev == nil || s.MaxStepM == 0 {
		return nil
	}
	if step := math.Abs(r.LevelM - prev.LevelM); step > s.MaxStepM {
		return fmt.Errorf("%w: %s at %s: level moved %.2fm in %s",
			ErrImplausible, s.label(), r.At.Format(time.RFC3339), step, r.At.Sub(prev.At))
	}
	return nil
}
