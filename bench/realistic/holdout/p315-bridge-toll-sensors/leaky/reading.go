package tollsensor

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Direction of travel across the bridge.
type Direction string

const (
	Northbound Direction = "N"
	Southbound Direction = "S"
)

// Reading is one vehicle pass reported by a lane's loop and axle sensors.
type Reading struct {
	Lane        string
	SensorID    string
	At          time.Time
	Axles       int
	WeightKg    float64
	Plate       string
	Confidence  float64 // plate-read confidence in [0,1]
	Transponder string
}

// VehicleClass is the tolling class derived from axle count and weight.
type VehicleClass int

const (
	ClassMotorcycle VehicleClass = iota + 1
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
	}
	return fmt.Sprintf("class(%d)", int(c))
}

// Classify maps a calibrated reading to a vehicle class.
func Classify(axles int, weightKg float64) VehicleClass {
	switch {
	case axles <= 2 && weightKg < 450:
		return ClassMotorcycle
	case axles <= 2 && weightKg < 3500:
		return ClassCar
	case axles <= 3 && weightKg < 12000:
		return ClassLightTruck
	default:
		return ClassHeavyTruck
	}
}

// Tariff is the price list in cents for one lane.
type Tariff struct {
	Name           string
	Cents          map[VehicleClass]int64
	PlateSurcharge int64 // added when billed by plate instead of transponder
}

// Price returns the toll for a class, and false if the class is not priced.
func (t Tariff) Price(c VehicleClass, byPlate bool) (int64, bool) {
	p, ok := t.Cents[c]
	if !ok {
		return 0, false
	}
	if byPlate {
		p += t.PlateSurcharge
	}
	return p, true
}

// Charge is a toll to be billed to an account or a plate.
type Charge struct {
	Lane        string
	At          time.Time
	Class       VehicleClass
	Cents       int64
	Transponder string
	Plate       string
	Tariff      string
}

// Billing receives charges and vehicles that need manual review.
type Billing interface {
	Charge(ctx context.Context, c Charge) error
	Review(ctx context.Context, r Reading, reason string) error
}

var (
	ErrStopped        = errors.New("tollsensor: plaza stopped")
	ErrUnknownLane    = errors.New("tollsensor: unknown lane")
	ErrLaneExists     = errors.New("tollsensor: lane already configured")
	ErrLaneBacklogged = errors.New("tollsensor: lane backlog full")
)
