package vehicledeck

import (
	"errors"
	"fmt"
)

// VehicleClass is the booking class a vehicle was sold under.
type VehicleClass int

const (
	ClassCar VehicleClass = iota
	ClassMotorcycle
	ClassVan
	ClassCoach
	ClassHGV
)

func (c VehicleClass) String() string {
	switch c {
	case ClassCar:
		return "car"
	case ClassMotorcycle:
		return "motorcycle"
	case ClassVan:
		return "van"
	case ClassCoach:
		return "coach"
	case ClassHGV:
		return "hgv"
	default:
		return fmt.Sprintf("class(%d)", int(c))
	}
}

// Vehicle is one vehicle booked on a sailing.
type Vehicle struct {
	BookingRef   string
	Registration string
	Class        VehicleClass
	LengthM      float64
	HeightM      float64
	WeightKg     int
	Hazardous    bool
}

// Lane is one marked lane on a vehicle deck.
type Lane struct {
	ID         string
	LengthM    float64
	MaxHeightM float64
	Mezzanine  bool
	Hazardous  bool
}

// DeckLayout describes the vehicle decks of one vessel.
type DeckLayout struct {
	Vessel       string
	Lanes        []Lane
	MaxPayloadKg int
}

// Placement is where a vehicle has been assigned on the deck.
type Placement struct {
	Vehicle Vehicle
	LaneID  string
	OffsetM float64
}

// LoadPlan is the result of planning one sailing.
type LoadPlan struct {
	SailingID  string
	Vessel     string
	Placements []Placement
	Standby    []Vehicle
	PayloadKg  int
}

var (
	ErrNoLanes        = errors.New("vehicledeck: layout has no lanes")
	ErrInvalidVehicle = errors.New("vehicledeck: invalid vehicle booking")
)

// Validate checks that the layout can be used for planning.
func (d DeckLayout) Validate() error {
	if len(d.Lanes) == 0 {
		return ErrNoLanes
	}
	if d.MaxPayloadKg <= 0 {
		return fmt.Errorf("vehicledeck: vessel %q has no payload limit", d.Vessel)
	}
	seen := make(map[string]bool, len(d.Lanes))
	for _, l := range d.Lanes {
		if l.ID == "" || l.LengthM <= 0 || l.MaxHeightM <= 0 {
			return fmt.Errorf("vehicledeck: vessel %q: malformed lane %+v", d.Vessel, l)
		}
		if seen[l.ID] {
			return fmt.Errorf("vehicledeck: vessel %q: duplicate lane %s", d.Vessel, l.ID)
		}
		seen[l.ID] = true
	}
	return nil
}

func validateVehicle(v Vehicle) error {
	switch {
	case v.BookingRef == "":
		return fmt.Errorf("%w: missing booking reference (reg %q)", ErrInvalidVehicle, v.Registration)
	case v.LengthM <= 0 || v.HeightM <= 0:
		return fmt.Errorf("%w: booking %s has no dimensions", ErrInvalidVehicle, v.BookingRef)
	case v.WeightKg <= 0:
		return fmt.Errorf("%w: booking %s has no declared weight", ErrInvalidVehicle, v.BookingRef)
	}
	return nil
}

type laneState struct {
	lane  Lane
	usedM float64
}

func (s *laneState) free() float64 { return s.lane.LengthM - s.usedM }

// chooseLane picks the lane a vehicle goes into. Tall vehicles go to the
// main deck, cars prefer the mezzanine so the main deck stays open for
// freight, and hazardous loads may only use lanes marked for them. Among
// the candidates the fullest lane that still fits wins, which keeps
// lanes packed from the bow.
func chooseLane(lanes []*laneState, v Vehicle, gapM float64) *laneState {
	var best *laneState
	bestScore := -1.0
	for _, ls := range lanes {
		if v.HeightM > ls.lane.MaxHeightM {
			continue
		}
		if v.Hazardous && !ls.lane.Hazardous {
			continue
		}
		need := v.LengthM
		if ls.usedM > 0 {
			need += gapM
		}
		if need > ls.free() {
			continue
		}
		score := ls.usedM
		if v.Class == ClassCar && ls.lane.Mezzanine {
			score += 1000
		}
		if (v.Class == ClassHGV || v.Class == ClassCoach) && !ls.lane.Mezzanine {
			score += 1000
		}
		if score > bestScore {
			best, bestScore = ls, score
		}
	}
	return best
}
