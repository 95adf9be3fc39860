package fermenter

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Reading is one probe sample from a vessel.
type Reading struct {
	Vessel      string
	At          time.Time
	TempC       float64
	Gravity     float64
	PressureKPa float64
}

// BatchSpec describes the beer in a vessel and its fermentation targets.
type BatchSpec struct {
	ID              string
	Style           string
	OriginalGravity float64
	TargetTempC     float64
	ToleranceC      float64
	TerminalGravity float64
	MaxPressureKPa  float64
}

func (b BatchSpec) validate() error {
	if b.ID == "" {
		return errors.New("fermenter: batch has no id")
	}
	if b.ToleranceC <= 0 {
		return fmt.Errorf("fermenter: batch %s: tolerance must be positive", b.ID)
	}
	if b.OriginalGravity <= b.TerminalGravity {
		return fmt.Errorf("fermenter: batch %s: OG %.3f not above FG %.3f", b.ID, b.OriginalGravity, b.TerminalGravity)
	}
	return nil
}

// AlertKind classifies an alert.
type AlertKind string

const (
	AlertTempHigh     AlertKind = "temp-high"
	AlertTempLow      AlertKind = "temp-low"
	AlertOverPressure AlertKind = "over-pressure"
	AlertTerminal     AlertKind = "terminal-gravity"
)

// Alert is sent to the brewhouse notifier.
type Alert struct {
	Vessel  string
	Batch   string
	Kind    AlertKind
	Value   float64
	At      time.Time
	Message string
}

// Probe reads the sensors fitted to a vessel.
type Probe interface {
	Read(ctx context.Context, vessel string) (Reading, error)
}

// Notifier delivers alerts to the brewers on shift.
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Summary is the running state of a batch.
type Summary struct {
	Batch       string
	Vessel      string
	Samples     int
	MinTempC    float64
	MaxTempC    float64
	LastGravity float64
	Attenuation float64
	Terminal    bool
	Dropped     int
}

var (
	ErrUnknownVessel = errors.New("fermenter: vessel not tracked")
	ErrVesselBusy    = errors.New("fermenter: vessel already holds a batch")
	ErrStopped       = errors.New("fermenter: monitor stopped")
)
