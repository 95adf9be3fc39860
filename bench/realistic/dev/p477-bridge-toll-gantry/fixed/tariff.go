package gantry

import (
	"errors"
	"fmt"
	"time"
)

// VehicleClass is the toll class assigned to a vehicle at the gantry.
type VehicleClass int

const (
	ClassUnknown VehicleClass = iota
	ClassMotorcycle
	ClassCar
	ClassLightTruck
	ClassHeavyTruck
)

func (c VehicleClass) String() string {
	switch c {
	case ClassMotorcycle:
		return "motorcycle"
	case ClassCar:
		return "car"
	case ClassLightTruck:
		return "light-truck"
	case ClassHeavyTruck:
		return "heavy-truck"
	default:
		return "unknown"
	}
}

// Classify derives a toll class from the axle count reported by the
// treadle and the height measured by the overhead laser.
func Classify(axles, heightCM int) VehicleClass {
	switch {
	case axles <= 0:
		return ClassUnknown
	case axles == 2 && heightCM > 0 && heightCM < 150:
		return ClassMotorcycle
	case axles == 2 && heightCM <= 230:
		return ClassCar
	case axles <= 3:
		return ClassLightTruck
	default:
		return ClassHeavyTruck
	}
}

// PeakWindow is a span of the day, in minutes after local midnight, during
// which the peak multiplier applies.
type PeakWindow struct {
	StartMinute  int
	EndMinute    int
	WeekdaysOnly bool
}

func (w PeakWindow) contains(t time.Time) bool {
	if w.WeekdaysOnly && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday) {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	return m >= w.StartMinute && m < w.EndMinute
}

// Tariff is the bridge authority's published price list.
type Tariff struct {
	BaseCents         map[VehicleClass]int64
	PeakMultiplierPct int64
	PeakWindows       []PeakWindow
	Location          *time.Location
}

// DefaultTariff returns the tariff in force since the last board decision.
func DefaultTariff() Tariff {
	return Tariff{
		BaseCents: map[VehicleClass]int64{
			ClassMotorcycle: 250,
			ClassCar:        450,
			ClassLightTruck: 900,
			ClassHeavyTruck: 1850,
		},
		PeakMultiplierPct: 150,
		PeakWindows: []PeakWindow{
			{StartMinute: 6*60 + 30, EndMinute: 9 * 60, WeekdaysOnly: true},
			{StartMinute: 16 * 60, EndMinute: 18*60 + 30, WeekdaysOnly: true},
		},
		Location: time.UTC,
	}
}

func (t Tariff) validate() error {
	if len(t.BaseCents) == 0 {
		return errors.New("tariff has no base prices")
	}
	for c, p := range t.BaseCents {
		if p <= 0 {
			return fmt.Errorf("tariff: non-positive price %d for %s", p, c)
		}
	}
	if t.PeakMultiplierPct != 0 && t.PeakMultiplierPct < 100 {
		return fmt.Errorf("tariff: peak multiplier %d%% below 100%%", t.PeakMultiplierPct)
	}
	for _, w := range t.PeakWindows {
		if w.StartMinute < 0 || w.EndMinute > 24*60 || w.StartMinute >= w.EndMinute {
			return fmt.Errorf("tariff: bad peak window %d-%d", w.StartMinute, w.EndMinute)
		}
	}
	return nil
}

// Price returns the toll in cents for a vehicle of class c crossing at t.
// Unclassified vehicles are charged as heavy trucks until a clerk reviews
// the camera footage.
func (t Tariff) Price(c VehicleClass, at time.Time) int64 {
	base, ok := t.BaseCents[c]
	if !ok {
		base = t.BaseCents[ClassHeavyTruck]
	}
	if t.isPeak(at) && t.PeakMultiplierPct > 0 {
		return base * t.PeakMultiplierPct / 100
	}
	return base
}

func (t Tariff) isPeak(at time.Time) bool {
	loc := t.Location
	if loc == nil {
		loc = time.UTC
	}
	local := at.In(loc)
	for _, w := range t.PeakWindows {
		if w.contains(local) {
			return true
		}
	}
	return false
}
