// Package fermentation watches the fermentation vessels of a brewery: it takes
// the readings of the tank probes (temperature, specific gravity, head
// pressure), raises alerts when a batch leaves its profile, and reports when a
// batch has reached terminal gravity.
package fermentation

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Reading is one sample from the probes of a tank.
type Reading struct {
	TankID      string
	At          time.Time
	TempC       float64
	Gravity     float64 // specific gravity, e.g. 1.048
	PressureBar float64
}

// Profile describes how a batch is expected to ferment.
type Profile struct {
	Style          string
	TargetTempC    float64
	ToleranceC     float64
	ExpectedFG     float64
	MaxPressureBar float64
	// StableReadings is how many consecutive readings must agree within
	// StableDelta before gravity is considered settled.
	StableReadings int
	StableDelta    float64
}

// Batch is a brew pitched into a tank.
type Batch struct {
	ID              string
	Recipe          string
	OriginalGravity float64
	PitchedAt       time.Time
	Profile         Profile
}

func (b Batch) validate() error {
	switch {
	case b.ID == "":
		return errors.New("batch without id")
	case b.OriginalGravity < 1.0 || b.OriginalGravity > 1.2:
		return fmt.Errorf("batch %s: original gravity %.3f out of range", b.ID, b.OriginalGravity)
	case b.Profile.ExpectedFG >= b.OriginalGravity:
		return fmt.Errorf("batch %s: expected FG %.3f not below OG", b.ID, b.Profile.ExpectedFG)
	case b.Profile.StableReadings < 2:
		return fmt.Errorf("batch %s: need at least two readings to call gravity stable", b.ID)
	}
	return nil
}

// Phase is the stage a batch is in.
type Phase string

// Fermentation phases.
const (
	PhaseLag      Phase = "lag"
	PhaseActive   Phase = "active"
	PhaseComplete Phase = "complete"
)

// AlertKind classifies alerts.
type AlertKind string

// Alert kinds.
const (
	AlertTempHigh     AlertKind = "temp-high"
	AlertTempLow      AlertKind = "temp-low"
	AlertOverPressure AlertKind = "over-pressure"
	AlertStuck        AlertKind = "stuck"
)

// Alert is raised when a tank leaves its batch profile.
type Alert struct {
	TankID  string
	BatchID string
	Kind    AlertKind
	Reading Reading
	Message string
}

// Completion is reported once per batch when terminal gravity is reached.
type Completion struct {
	TankID       string
	BatchID      string
	FinalGravity float64
	ABV          float64
	Days         float64
}

// Notifier delivers alerts and completions to the brewers.
type Notifier interface {
	Alert(ctx context.Context, a Alert) error
	BatchComplete(ctx context.Context, c Completion) error
}

// tracker holds the per-batch evaluation state. It is owned by the tank
// goroutine and needs no locking.
type tracker struct {
	tankID   string
	batch    Batch
	phase    Phase
	recent   []float64
	tempOut  AlertKind
	pressure bool
	stuck    bool
}

func newTracker(tankID string, b Batch) *tracker {
	return &tracker{tankID: tankID, batch: b, phase: PhaseLag}
}

// observe evaluates one reading and returns the alerts it raises and, if the
// batch just finished, its completion record.
func (t *tracker) observe(r Reading) ([]Alert, *Completion) {
	var alerts []Alert
	p := t.batch.Profile
	alert := func(k AlertKind, format string, args ...interface{}) {
		alerts = append(alerts, Alert{TankID: t.tankID, BatchID: t.batch.ID, Kind: k, Reading: r,
			Message: fmt.Sprintf(format, args...)})
	}

	var tempState AlertKind
	switch {
	case r.TempC > p.TargetTempC+p.ToleranceC:
		tempState = AlertTempHigh
	case r.TempC < p.TargetTempC-p.ToleranceC:
		tempState = AlertTempLow
	}
	if tempState != "" && tempState != t.tempOut {
		alert(tempState, "%.1f°C outside %.1f±%.1f°C", r.TempC, p.TargetTempC, p.ToleranceC)
	}
	t.tempOut = tempState

	over := p.MaxPressureBar > 0 && r.PressureBar > p.MaxPressureBar
	if over && !t.pressure {
		alert(AlertOverPressure, "head pressure %.2f bar above %.2f", r.PressureBar, p.MaxPressureBar)
	}
	t.pressure = over

	if t.phase == PhaseComplete {
		return alerts, nil
	}
	if t.phase == PhaseLag && r.Gravity <= t.batch.OriginalGravity-0.002 {
		t.phase = PhaseActive
	}
	t.recent = append(t.recent, r.Gravity)
	if len(t.recent) > p.StableReadings {
		t.recent = t.recent[len(t.recent)-p.StableReadings:]
	}
	if t.phase != PhaseActive || len(t.recent) < p.StableReadings || !t.settled() {
		return alerts, nil
	}
	if r.Gravity > p.ExpectedFG+0.010 {
		if !t.stuck {
			alert(AlertStuck, "gravity settled at %.3f, expected %.3f", r.Gravity, p.ExpectedFG)
			t.stuck = true
		}
		return alerts, nil
	}
	t.phase = PhaseComplete
	return alerts, &Completion{
		TankID:       t.tankID,
		BatchID:      t.batch.ID,
		FinalGravity: r.Gravity,
		ABV:          math.Round((t.batch.OriginalGravity-r.Gravity)*131.25*10) / 10,
		Days:         r.At.Sub(t.batch.PitchedAt).Hours() / 24,
	}
}

func (t *tracker) settled() bool {
	lo, hi := t.recent[0], t.recent[0]
	for _, g := range t.recent[1:] {
		lo, hi = math.Min(lo, g), math.Max(hi, g)
	}
	return hi-lo <= t.batch.Profile.StableDelta
}
