// Package ropewalk plans and runs rope orders on a ropewalk: yarns are
// formed into strands on the forming hooks, then the strands are laid
// together into rope with the opposite twist.
package ropewalk

import (
	"errors"
	"fmt"
	"math"
)

// Lay is the construction of a rope.
type Lay int

const (
	// HawserLaid is three strands laid right-handed.
	HawserLaid Lay = iota + 1
	// ShroudLaid is four strands laid around a heart.
	ShroudLaid
	// CableLaid is three hawser-laid ropes laid left-handed.
	CableLaid
)

func (l Lay) String() string {
	switch l {
	case HawserLaid:
		return "hawser-laid"
	case ShroudLaid:
		return "shroud-laid"
	case CableLaid:
		return "cable-laid"
	default:
		return fmt.Sprintf("lay(%d)", int(l))
	}
}

// Strands is the number of strands the forming hooks must produce.
func (l Lay) Strands() int {
	switch l {
	case HawserLaid, CableLaid:
		return 3
	case ShroudLaid:
		return 4
	default:
		return 0
	}
}

// Twist is the direction of a twist.
type Twist byte

const (
	ZTwist Twist = 'Z'
	STwist Twist = 'S'
)

// Fibre is the raw material of the yarns.
type Fibre string

const (
	Hemp   Fibre = "hemp"
	Manila Fibre = "manila"
	Sisal  Fibre = "sisal"
)

// yarnsPerSquareInch is the number of rope yarns needed per square inch of
// rope circumference, by fibre.
var yarnsPerSquareInch = map[Fibre]float64{
	Hemp:   20,
	Manila: 18,
	Sisal:  22,
}

// takeUp is how much longer the yarns must be than the finished rope, to
// allow for the shortening caused by forming and laying.
const takeUp = 1.33

// RopeSpec is one customer order.
type RopeSpec struct {
	OrderID         string
	Fibre           Fibre
	Lay             Lay
	CircumferenceIn float64
	LengthFathoms   float64
}

// Validate checks an order before any yarn is drawn.
func (s RopeSpec) Validate() error {
	switch {
	case s.OrderID == "":
		return errors.New("ropewalk: order without id")
	case s.Lay.Strands() == 0:
		return fmt.Errorf("ropewalk: order %s: unknown lay %v", s.OrderID, s.Lay)
	case s.CircumferenceIn < 0.5 || s.CircumferenceIn > 24:
		return fmt.Errorf("ropewalk: order %s: circumference %.1fin out of range", s.OrderID, s.CircumferenceIn)
	case s.LengthFathoms <= 0 || s.LengthFathoms > 200:
		return fmt.Errorf("ropewalk: order %s: length %.0f fathoms does not fit the walk", s.OrderID, s.LengthFathoms)
	}
	if _, ok := yarnsPerSquareInch[s.Fibre]; !ok {
		return fmt.Errorf("ropewalk: order %s: no yarn stock for fibre %q", s.OrderID, s.Fibre)
	}
	return nil
}

// StrandPlan tells a forming hook what to make.
type StrandPlan struct {
	OrderID        string
	Index          int
	Yarns          int
	LengthFathoms  float64
	TurnsPerFathom float64
	Twist          Twist
}

// Plan works out the strands for an order.
func (s RopeSpec) Plan() ([]StrandPlan, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	n := s.Lay.Strands()
	total := yarnsPerSquareInch[s.Fibre] * s.CircumferenceIn * s.CircumferenceIn
	perStrand := int(math.Ceil(total / float64(n)))
	if perStrand < 3 {
		perStrand = 3
	}
	// Thinner rope takes harder twist; the rule of thumb is about forty
	// turns per fathom on a one-inch strand, falling off with girth.
	turns := 40 / math.Sqrt(s.CircumferenceIn)

	twist := STwist
	if s.Lay == CableLaid {
		twist = ZTwist
	}
	plans := make([]StrandPlan, n)
	for i := range plans {
		plans[i] = StrandPlan{
			OrderID:        s.OrderID,
			Index:          i,
			Yarns:          perStrand,
			LengthFathoms:  s.LengthFathoms * takeUp,
			TurnsPerFathom: math.Round(turns*10) / 10,
			Twist:          twist,
		}
	}
	return plans, nil
}
