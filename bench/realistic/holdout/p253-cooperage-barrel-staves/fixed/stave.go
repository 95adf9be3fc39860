package cooperage

import (
	"errors"
	"fmt"
	"math"
)

// Species identifies the timber a stave was riven or sawn from.
type Species string

const (
	AmericanWhiteOak Species = "quercus-alba"
	FrenchSessileOak Species = "quercus-petraea"
	EnglishOak       Species = "quercus-robur"
	Chestnut         Species = "castanea-sativa"
)

// Grade is the outcome of a stave inspection.
type Grade int

const (
	GradeReject Grade = iota
	GradeHeading
	GradeSecond
	GradeFirst
)

func (g Grade) String() string {
	switch g {
	case GradeFirst:
		return "first"
	case GradeSecond:
		return "second"
	case GradeHeading:
		return "heading"
	default:
		return "reject"
	}
}

// Stave is a single rough or dressed stave as it comes off the stack.
type Stave struct {
	ID          string
	Species     Species
	LengthMM    float64
	WidthMM     float64
	ThicknessMM float64
	MoisturePct float64
	Quartersawn bool

	// Filled in while the stave is dressed.
	Grade      Grade
	BevelDeg   float64
	HollowedMM float64
}

// BarrelSpec describes the barrel the cooper is raising.
type BarrelSpec struct {
	Name           string
	CapacityLitres float64
	StaveCount     int
	StaveLengthMM  float64
	BilgeDiameter  float64
	HeadDiameter   float64
	MinThickness   float64
	MaxMoisturePct float64
	Species        []Species
}

// Barrique returns the 225 litre Bordeaux barrel spec used by most clients.
func Barrique() BarrelSpec {
	return BarrelSpec{
		Name:           "barrique-225",
		CapacityLitres: 225,
		StaveCount:     32,
		StaveLengthMM:  950,
		BilgeDiameter:  690,
		HeadDiameter:   560,
		MinThickness:   22,
		MaxMoisturePct: 16,
		Species:        []Species{FrenchSessileOak, AmericanWhiteOak},
	}
}

var (
	ErrNotEnoughStaves = errors.New("cooperage: not enough usable staves")
	ErrWrongSpecies    = errors.New("cooperage: species not allowed for spec")
	ErrTooWet          = errors.New("cooperage: stave moisture above seasoning limit")
	ErrTooThin         = errors.New("cooperage: stave thinner than spec allows")
)

// Validate checks that the spec is internally consistent.
func (s BarrelSpec) Validate() error {
	if s.StaveCount < 8 {
		return fmt.Errorf("cooperage: spec %q needs at least 8 staves, got %d", s.Name, s.StaveCount)
	}
	if s.HeadDiameter >= s.BilgeDiameter {
		return fmt.Errorf("cooperage: spec %q head diameter %.0f must be below bilge %.0f",
			s.Name, s.HeadDiameter, s.BilgeDiameter)
	}
	if s.MinThickness <= 0 || s.StaveLengthMM <= 0 {
		return fmt.Errorf("cooperage: spec %q has non-positive dimensions", s.Name)
	}
	return nil
}

func (s BarrelSpec) allows(sp Species) bool {
	if len(s.Species) == 0 {
		return true
	}
	for _, a := range s.Species {
		if a == sp {
			return true
		}
	}
	return false
}

// JointBevel is the edge angle, in degrees, each stave needs so that
// StaveCount staves of equal width close the circle at the bilge.
func (s BarrelSpec) JointBevel() float64 {
	return 180.0 / float64(s.StaveCount)
}

// BilgeWidth is the ideal width of one stave at the bilge.
func (s BarrelSpec) BilgeWidth() float64 {
	return math.Pi * s.BilgeDiameter / float64(s.StaveCount)
}

// HeadWidth is the ideal width of one stave at the head (croze end).
func (s BarrelSpec) HeadWidth() float64 {
	return math.Pi * s.HeadDiameter / float64(s.StaveCount)
}

// Barrel is a raised barrel ready for toasting.
type Barrel struct {
	Spec          BarrelSpec
	Staves        []Stave
	Circumference float64
	Seconds       int
}
