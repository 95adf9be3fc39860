package platescan

import (
	"context"
	"fmt"
	"math"
)

// Coord is an equatorial position in degrees.
type Coord struct {
	RA, Dec float64
}

// Separation returns the angular distance to o in degrees.
func (c Coord) Separation(o Coord) float64 {
	const rad = math.Pi / 180
	ra1, dec1 := c.RA*rad, c.Dec*rad
	ra2, dec2 := o.RA*rad, o.Dec*rad
	// haversine form, stable for small separations
	h := math.Pow(math.Sin((dec2-dec1)/2), 2) +
		math.Cos(dec1)*math.Cos(dec2)*math.Pow(math.Sin((ra2-ra1)/2), 2)
	return 2 * math.Asin(math.Min(1, math.Sqrt(h))) / rad
}

// Solution is an astrometric plate solution.
type Solution struct {
	Center   Coord
	Scale    float64 // arcsec per pixel
	Rotation float64 // degrees east of north
	Stars    int     // catalogue stars matched
}

// Solver matches the star field of an image against a catalogue.
type Solver interface {
	Solve(ctx context.Context, img Image, hint Coord, radiusDeg float64) (Solution, error)
}

const minMatchedStars = 12

// check rejects solutions that are implausible for the plate.
func (s Solution) check(hint Coord, radiusDeg float64) error {
	if s.Stars < minMatchedStars {
		return fmt.Errorf("only %d stars matched, need %d", s.Stars, minMatchedStars)
	}
	if s.Scale <= 0 {
		return fmt.Errorf("non-positive plate scale %.3f", s.Scale)
	}
	if d := hint.Separation(s.Center); d > radiusDeg {
		return fmt.Errorf("solution %.2f° from nominal pointing, limit %.2f°", d, radiusDeg)
	}
	return nil
}
