// Package escalator tracks the mechanical health of a fleet of escalators
// from periodic sensor sweeps.
package escalator

import (
	"context"
	"fmt"
	"time"
)

// Condition summarises the health of one unit.
type Condition int

// Conditions, from best to worst.
const (
	ConditionUnknown Condition = iota
	ConditionOK
	ConditionDegraded
	ConditionOutOfService
)

func (c Condition) String() string {
	switch c {
	case ConditionOK:
		return "ok"
	case ConditionDegraded:
		return "degraded"
	case ConditionOutOfService:
		return "out-of-service"
	}
	return "unknown"
}

// Reading is one sample taken from an escalator's controller.
type Reading struct {
	Unit string
	// StepSpeed is the measured step speed in metres per second.
	StepSpeed float64
	// HandrailSlip is the handrail speed deviation from the steps, in percent.
	HandrailSlip float64
	// Vibration is the drive-motor RMS vibration in mm/s.
	Vibration float64
	// MotorTemp is the drive-motor temperature in degrees Celsius.
	MotorTemp float64
	// SafetyCircuitOpen is true when any safety switch is tripped.
	SafetyCircuitOpen bool
	Taken             time.Time
}

// Sensor reads the controller of a unit. Implementations talk to the
// building management system; tests fake it.
type Sensor interface {
	Read(ctx context.Context, unit string) (Reading, error)
}

// Limits are the thresholds a reading is judged against.
type Limits struct {
	NominalSpeed    float64
	SpeedTolerance  float64
	MaxHandrailSlip float64
	VibrationWarn   float64
	VibrationStop   float64
	MotorTempWarn   float64
	MotorTempStop   float64
}

// DefaultLimits follow typical manufacturer guidance for 0.5 m/s units.
var DefaultLimits = Limits{
	NominalSpeed:    0.5,
	SpeedTolerance:  0.05,
	MaxHandrailSlip: 2,
	VibrationWarn:   4.5,
	VibrationStop:   7.1,
	MotorTempWarn:   80,
	MotorTempStop:   95,
}

// Assessment is the verdict on one reading.
type Assessment struct {
	Unit      string
	Condition Condition
	Findings  []string
	Taken     time.Time
}

// Assess judges a reading against the limits.
func (l Limits) Assess(r Reading) Assessment {
	a := Assessment{Unit: r.Unit, Condition: ConditionOK, Taken: r.Taken}
	worsen := func(c Condition, format string, args ...interface{}) {
		if c > a.Condition {
			a.Condition = c
		}
		a.Findings = append(a.Findings, fmt.Sprintf(format, args...))
	}
	if r.SafetyCircuitOpen {
		worsen(ConditionOutOfService, "safety circuit open")
	}
	if dev := r.StepSpeed - l.NominalSpeed; dev > l.SpeedTolerance || -dev > l.SpeedTolerance {
		worsen(ConditionDegraded, "step speed %.2f m/s outside tolerance", r.StepSpeed)
	}
	if r.HandrailSlip > l.MaxHandrailSlip {
		worsen(ConditionDegraded, "handrail slip %.1f%%", r.HandrailSlip)
	}
	switch {
	case r.Vibration >= l.VibrationStop:
		worsen(ConditionOutOfService, "vibration %.1f mm/s above stop limit", r.Vibration)
	case r.Vibration >= l.VibrationWarn:
		worsen(ConditionDegraded, "vibration %.1f mm/s above warning", r.Vibration)
	}
	switch {
	case r.MotorTemp >= l.MotorTempStop:
		worsen(ConditionOutOfService, "motor at %.0f°C", r.MotorTemp)
	case r.MotorTemp >= l.MotorTempWarn:
		worsen(ConditionDegraded, "motor at %.0f°C", r.MotorTemp)
	}
	return a
}
