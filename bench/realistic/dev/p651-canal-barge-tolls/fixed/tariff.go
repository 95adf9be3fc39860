package tolls

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// VesselKind selects the tariff column a vessel is charged under.
type VesselKind int

const (
	MotorBarge VesselKind = iota
	PushedBarge
	PleasureCraft
	ServiceVessel
)

func (k VesselKind) String() string {
	switch k {
	case MotorBarge:
		return "motor barge"
	case PushedBarge:
		return "pushed barge"
	case PleasureCraft:
		return "pleasure craft"
	case ServiceVessel:
		return "service vessel"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Barge identifies a vessel by its European vessel number (ENI).
type Barge struct {
	ENI         string
	Name        string
	Operator    string
	Kind        VesselKind
	DeadweightT float64
	CargoT      float64
}

// Passage is one lockage of one vessel.
type Passage struct {
	Barge   Barge
	LockID  string
	Upbound bool
	At      time.Time
}

// Tariff is the price list of a lock, in euro cents.
type Tariff struct {
	LockageCents      int64
	LadenPerTonne     int64
	EmptyPerTonne     int64
	PleasureFlatCents int64
	// NightSurchargePct applies to lockages between NightFrom and
	// NightTo (hours, local time, wrapping past midnight).
	NightSurchargePct int
	NightFrom         int
	NightTo           int
}

var ErrInvalidPassage = errors.New("tolls: invalid passage")

func (p Passage) validate() error {
	switch {
	case p.Barge.ENI == "":
		return fmt.Errorf("%w: vessel without ENI", ErrInvalidPassage)
	case p.LockID == "":
		return fmt.Errorf("%w: %s has no lock", ErrInvalidPassage, p.Barge.ENI)
	case p.At.IsZero():
		return fmt.Errorf("%w: %s at %s has no time", ErrInvalidPassage, p.Barge.ENI, p.LockID)
	case p.Barge.CargoT < 0 || p.Barge.CargoT > p.Barge.DeadweightT:
		return fmt.Errorf("%w: %s declares %.0f t cargo on %.0f t deadweight",
			ErrInvalidPassage, p.Barge.ENI, p.Barge.CargoT, p.Barge.DeadweightT)
	}
	return nil
}

func (t Tariff) night(at time.Time) bool {
	if t.NightSurchargePct == 0 || t.NightFrom == t.NightTo {
		return false
	}
	h := at.Hour()
	if t.NightFrom < t.NightTo {
		return h >= t.NightFrom && h < t.NightTo
	}
	return h >= t.NightFrom || h < t.NightTo
}

// Price returns the toll for a passage in euro cents.
func (t Tariff) Price(p Passage) int64 {
	var cents int64
	switch p.Barge.Kind {
	case ServiceVessel:
		return 0
	case PleasureCraft:
		cents = t.PleasureFlatCents
	default:
		cents = t.LockageCents
		cents += int64(math.Ceil(p.Barge.CargoT)) * t.LadenPerTonne
		empty := p.Barge.DeadweightT - p.Barge.CargoT
		cents += int64(math.Ceil(empty)) * t.EmptyPerTonne
	}
	if t.night(p.At) {
		cents += cents * int64(t.NightSurchargePct) / 100
	}
	return cents
}
