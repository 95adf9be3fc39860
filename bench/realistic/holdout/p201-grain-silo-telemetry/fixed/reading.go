package silotelemetry

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// SensorKind identifies what a probe on a silo cable measures.
type SensorKind int

const (
	KindTemperature SensorKind = iota + 1
	KindMoisture
	KindCO2
)

func (k SensorKind) String() string {
	if k >= KindTemperature && k <= KindCO2 {
		return [...]string{"temperature", "moisture", "co2"}[k-KindTemperature]
	}
	return fmt.Sprintf("SensorKind(%d)", int(k))
}

// Reading is a single sample taken by a probe hanging on a cable inside a silo.
// Depth is measured in metres from the silo roof.
type Reading struct {
	SiloID  string
	CableID string
	Depth   float64
	Kind    SensorKind
	Value   float64
	TakenAt time.Time
}

var (
	ErrInvalidReading = errors.New("invalid reading")
	ErrWrongSilo      = errors.New("reading belongs to another silo")
	ErrClosed         = errors.New("collector closed")
)

// Validate rejects readings that a healthy probe cannot produce.
func (r Reading) Validate() error {
	if r.CableID == "" {
		return fmt.Errorf("%w: missing cable id", ErrInvalidReading)
	}
	if r.Depth < 0 || math.IsNaN(r.Depth) {
		return fmt.Errorf("%w: depth %v", ErrInvalidReading, r.Depth)
	}
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return fmt.Errorf("%w: value %v", ErrInvalidReading, r.Value)
	}
	if r.TakenAt.IsZero() {
		return fmt.Errorf("%w: missing timestamp", ErrInvalidReading)
	}
	if r.Kind < KindTemperature || r.Kind > KindCO2 {
		return fmt.Errorf("%w: unknown kind %v", ErrInvalidReading, r.Kind)
	}
	if r.Value < 0 && r.Kind != KindTemperature {
		return fmt.Errorf("%w: negative %s %v", ErrInvalidReading, r.Kind, r.Value)
	}
	return nil
}

// Thresholds holds the alarm limits for a silo. A zero limit disables its check.
type Thresholds struct {
	MaxTemperatureC float64
	MaxMoisturePct  float64
	MaxCO2PPM       float64
	MaxRisePerDayC  float64
}

type Severity string

const (
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Alarm is raised when a reading crosses one of the configured thresholds.
type Alarm struct {
	SiloID   string
	CableID  string
	Depth    float64
	Kind     SensorKind
	Value    float64
	Limit    float64
	Severity Severity
	Reason   string
	At       time.Time
}

func (a Alarm) String() string {
	return fmt.Sprintf("[%s] silo %s cable %s @%.1fm: %s (%.1f > %.1f)",
		a.Severity, a.SiloID, a.CableID, a.Depth, a.Reason, a.Value, a.Limit)
}

type probeKey struct {
	cable string
	depth float64
}

type lastTemp struct {
	value float64
	at    time.Time
}

const minRiseWindow = time.Hour

type alarmEvaluator struct {
	th   Thresholds
	last map[probeKey]lastTemp
}

func newAlarmEvaluator(th Thresholds) *alarmEvaluator {
	return &alarmEvaluator{th: th, last: make(map[probeKey]lastTemp)}
}

func (e *alarmEvaluator) evaluate(r Reading) []Alarm {
	var out []Alarm
	switch r.Kind {
	case KindTemperature:
		if e.th.MaxTemperatureC > 0 && r.Value > e.th.MaxTemperatureC {
			out = append(out, e.alarm(r, e.th.MaxTemperatureC, "grain temperature above limit"))
		}
		key := probeKey{cable: r.CableID, depth: r.Depth}
		prev, seen := e.last[key]
		if seen && e.th.MaxRisePerDayC > 0 {
			elapsed := r.TakenAt.Sub(prev.at)
			if elapsed < minRiseWindow {
				return out
			}
			rise := (r.Value - prev.value) / (elapsed.Hours() / 24)
			if rise > e.th.MaxRisePerDayC {
				a := e.alarm(r, e.th.MaxRisePerDayC, "hotspot forming")
				a.Value = rise
				out = append(out, a)
			}
		}
		e.last[key] = lastTemp{value: r.Value, at: r.TakenAt}
	case KindMoisture:
		if e.th.MaxMoisturePct > 0 && r.Value > e.th.MaxMoisturePct {
			out = append(out, e.alarm(r, e.th.MaxMoisturePct, "moisture above safe storage level"))
		}
	case KindCO2:
		if e.th.MaxCO2PPM > 0 && r.Value > e.th.MaxCO2PPM {
			out = append(out, e.alarm(r, e.th.MaxCO2PPM, "co2 indicates spoilage or insect activity"))
		}
	}
	return out
}

func (e *alarmEvaluator) alarm(r Reading, limit float64, reason string) Alarm {
	sev := SeverityWarning
	if r.Value > limit*1.25 {
		sev = SeverityCritical
	}
	return Alarm{
		SiloID:   r.SiloID,
		CableID:  r.CableID,
		Depth:    r.Depth,
		Kind:     r.Kind,
		Value:    r.Value,
		Limit:    limit,
		Severity: sev,
		Reason:   reason,
		At:       r.TakenAt,
	}
}
