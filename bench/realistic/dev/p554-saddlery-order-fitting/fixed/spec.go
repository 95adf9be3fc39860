package fitting

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Width is the gullet width of a saddle tree.
type Width int

const (
	Narrow Width = iota + 1
	Medium
	MediumWide
	Wide
	ExtraWide
)

func (w Width) String() string {
	switch w {
	case Narrow:
		return "narrow"
	case Medium:
		return "medium"
	case MediumWide:
		return "medium-wide"
	case Wide:
		return "wide"
	case ExtraWide:
		return "extra-wide"
	}
	return fmt.Sprintf("width(%d)", int(w))
}

// TreeSpec identifies a saddle tree by gullet width and seat size.
type TreeSpec struct {
	Width  Width
	SeatIn float64
}

func (s TreeSpec) String() string {
	return fmt.Sprintf("%s %.1fin", s.Width, s.SeatIn)
}

// Tree is a physical saddle tree held in the workshop store.
type Tree struct {
	Serial   string
	Spec     TreeSpec
	Maker    string
	Received time.Time
}

// Tracing holds the measurements taken at the yard for a horse and rider.
type Tracing struct {
	WitherWidthCm  float64 // measured 5cm below the wither
	ShoulderAngle  float64 // degrees from horizontal
	BackLengthCm   float64 // wither to last rib
	RiderFemurCm   float64
	RiderHeightCm  float64
	TracedAt       time.Time
	TracedByFitter string
}

var ErrBadTracing = errors.New("fitting: tracing out of range")

var widthBands = []struct {
	maxCm float64
	width Width
}{
	{17.5, Narrow},
	{19.5, Medium},
	{21.0, MediumWide},
	{23.0, Wide},
	{26.5, ExtraWide},
}

// SpecFor picks the tree a saddle should be built on from a tracing.
func SpecFor(t Tracing) (TreeSpec, error) {
	if t.WitherWidthCm <= 0 || t.BackLengthCm <= 0 || t.RiderFemurCm <= 0 {
		return TreeSpec{}, fmt.Errorf("%w: missing measurements", ErrBadTracing)
	}
	if t.ShoulderAngle < 70 || t.ShoulderAngle > 110 {
		return TreeSpec{}, fmt.Errorf("%w: shoulder angle %.0f", ErrBadTracing, t.ShoulderAngle)
	}

	var spec TreeSpec
	for _, b := range widthBands {
		if t.WitherWidthCm <= b.maxCm {
			spec.Width = b.width
			break
		}
	}
	if spec.Width == 0 {
		return TreeSpec{}, fmt.Errorf("%w: wither %.1fcm wider than any stock tree", ErrBadTracing, t.WitherWidthCm)
	}
	// Steep shoulders need a narrower head than the wither alone suggests.
	if t.ShoulderAngle > 95 && spec.Width > Narrow {
		spec.Width--
	}

	// Seat size follows the rider's femur in half-inch steps, capped by
	// the length of saddle the horse's back can carry.
	seat := math.Round((t.RiderFemurCm/2.54-1.5)*2) / 2
	seat = math.Max(15, math.Min(seat, 18.5))
	maxSeat := math.Floor((t.BackLengthCm/2.54-2)*2) / 2
	if seat > maxSeat {
		seat = maxSeat
	}
	if seat < 15 {
		return TreeSpec{}, fmt.Errorf("%w: back length %.0fcm too short", ErrBadTracing, t.BackLengthCm)
	}
	spec.SeatIn = seat
	return spec, nil
}
