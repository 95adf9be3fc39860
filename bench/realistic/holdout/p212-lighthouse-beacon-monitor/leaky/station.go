package beacon

import (
	"fmt"
	"math"
	"time"
)

// Character is a light's published signature, e.g. "Fl(2) W 10s".
type Character struct {
	Flashes      int
	PeriodS      float64
	Colour       string
	MinIntensity float64
}

func (c Character) String() string {
	if c.Flashes == 1 {
		return fmt.Sprintf("Fl %s %gs", c.Colour, c.PeriodS)
	}
	return fmt.Sprintf("Fl(%d) %s %gs", c.Flashes, c.Colour, c.PeriodS)
}

// Station is a monitored lighthouse.
type Station struct {
	ID        string
	Name      string
	Character Character
}

// Reading is one telemetry sample from a station's lamp controller.
type Reading struct {
	LampOn      bool
	Flashes     int
	PeriodS     float64
	IntensityCd float64
	OnStandby   bool
	At          time.Time
}

// Health is the assessed state of a station.
type Health int

// Station health values.
const (
	Unknown Health = iota
	Nominal
	Degraded
	Dark
	Unreachable
)

func (h Health) String() string {
	switch h {
	case Nominal:
		return "nominal"
	case Degraded:
		return "degraded"
	case Dark:
		return "dark"
	case Unreachable:
		return "unreachable"
	default:
		return "unknown"
	}
}

// Status is the monitor's current view of one station.
type Status struct {
	Station     Station
	Health      Health
	Reason      string
	Last        Reading
	MissedReads int
	Since       time.Time
}

// Alert is raised when a station changes health.
type Alert struct {
	StationID string
	Name      string
	From      Health
	To        Health
	Reason    string
	At        time.Time
}

func (a Alert) String() string {
	return fmt.Sprintf("%s (%s): %s -> %s: %s", a.Name, a.StationID, a.From, a.To, a.Reason)
}

// assess compares a reading with the station's published character.
func assess(st Station, r Reading, periodTolerance float64) (Health, string) {
	c := st.Character
	switch {
	case !r.LampOn:
		return Dark, "lamp not lit"
	case r.Flashes != c.Flashes:
		return Degraded, fmt.Sprintf("showing %d flashes, charted %s", r.Flashes, c)
	case math.Abs(r.PeriodS-c.PeriodS) > periodTolerance:
		return Degraded, fmt.Sprintf("period %.1fs, charted %s", r.PeriodS, c)
	case r.IntensityCd < c.MinIntensity:
		return Degraded, fmt.Sprintf("intensity %.0fcd below %.0fcd", r.IntensityCd, c.MinIntensity)
	case r.OnStandby:
		return Degraded, "running on standby lamp"
	}
	return Nominal, "showing charted character"
}
