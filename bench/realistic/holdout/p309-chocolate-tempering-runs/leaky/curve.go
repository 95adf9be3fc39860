package tempering

import (
	"errors"
	"fmt"
)

// Chocolate identifies the kind of couverture being tempered.
type Chocolate int

const (
	Dark Chocolate = iota
	Milk
	White
)

func (c Chocolate) String() string {
	switch c {
	case Dark:
		return "dark"
	case Milk:
		return "milk"
	case White:
		return "white"
	default:
		return fmt.Sprintf("chocolate(%d)", int(c))
	}
}

// Phase is one step of a tempering curve.
type Phase int

const (
	PhaseMelt Phase = iota
	PhaseCool
	PhaseRewarm
)

func (p Phase) String() string {
	switch p {
	case PhaseMelt:
		return "melt"
	case PhaseCool:
		return "cool"
	case PhaseRewarm:
		return "rewarm"
	default:
		return fmt.Sprintf("phase(%d)", int(p))
	}
}

// Curve holds the target temperatures of a tempering run, in degrees Celsius.
type Curve struct {
	Melt      float64
	Cool      float64
	Working   float64
	Tolerance float64
}

var standardCurves = map[Chocolate]Curve{
	Dark:  {Melt: 48, Cool: 27.5, Working: 31.5, Tolerance: 0.5},
	Milk:  {Melt: 45, Cool: 27, Working: 30, Tolerance: 0.5},
	White: {Melt: 43, Cool: 26, Working: 28.5, Tolerance: 0.4},
}

// ErrInvalidCurve is returned when a curve cannot produce stable cocoa butter crystals.
var ErrInvalidCurve = errors.New("tempering: invalid curve")

// CurveFor returns the standard curve for a chocolate kind.
func CurveFor(c Chocolate) (Curve, error) {
	curve, ok := standardCurves[c]
	if !ok {
		return Curve{}, fmt.Errorf("%w: no standard curve for %s", ErrInvalidCurve, c)
	}
	return curve, nil
}

// Validate checks that the curve melts all crystals, cools below the working
// temperature and rewarms into the form V window.
func (c Curve) Validate() error {
	switch {
	case c.Tolerance <= 0 || c.Tolerance > 2:
		return fmt.Errorf("%w: tolerance %.2f out of range", ErrInvalidCurve, c.Tolerance)
	case c.Melt < 40 || c.Melt > 55:
		return fmt.Errorf("%w: melt %.1f°C out of range", ErrInvalidCurve, c.Melt)
	case c.Cool >= c.Working:
		return fmt.Errorf("%w: cool %.1f°C must be below working %.1f°C", ErrInvalidCurve, c.Cool, c.Working)
	case c.Working >= c.Melt:
		return fmt.Errorf("%w: working %.1f°C must be below melt %.1f°C", ErrInvalidCurve, c.Working, c.Melt)
	}
	return nil
}

func (c Curve) target(p Phase) float64 {
	switch p {
	case PhaseMelt:
		return c.Melt
	case PhaseCool:
		return c.Cool
	default:
		return c.Working
	}
}

// Batch is one bowl of chocolate to temper.
type Batch struct {
	ID        string
	Chocolate Chocolate
	MassKg    float64
	// Curve overrides the standard curve for the chocolate kind when set.
	Curve *Curve
}

func (b Batch) curve() (Curve, error) {
	if b.MassKg <= 0 {
		return Curve{}, fmt.Errorf("tempering: batch %q has no mass", b.ID)
	}
	if b.Curve != nil {
		return *b.Curve, b.Curve.Validate()
	}
	return CurveFor(b.Chocolate)
}
