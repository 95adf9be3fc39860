// Package grading grades hardwood sawlogs coming off the debarker, using the
// measurements taken by the log scanner at the infeed of the merchandiser deck.
package grading

import (
	"context"
	"errors"
	"fmt"
)

// ErrScannerFault is returned by a Scanner when its measuring head can no
// longer be trusted (lost calibration, dirty lens, encoder slip).
var ErrScannerFault = errors.New("scanner fault")

// ErrNoReading is returned by a Scanner when a single log could not be read,
// for example because its tag was unreadable or it was kicked off the chain.
var ErrNoReading = errors.New("no reading for log")

// Face identifies one of the four quarter faces of a log.
type Face int

// The four grading faces, clockwise from the top as the log lies on the deck.
const (
	FaceTop Face = iota
	FaceRight
	FaceBottom
	FaceLeft
	numFaces
)

// DefectKind classifies a surface or end defect seen by the scanner.
type DefectKind string

// Defect kinds reported by the scanner.
const (
	Knot       DefectKind = "knot"
	Seam       DefectKind = "seam"
	Bump       DefectKind = "bump"
	Bird       DefectKind = "birdpeck"
	Canker     DefectKind = "canker"
	EndRot     DefectKind = "end-rot"
	Overgrowth DefectKind = "overgrowth"
)

// Defect is a single defect located on one face of a log, measured in feet
// from the butt end.
type Defect struct {
	Kind    DefectKind
	Face    Face
	StartFt float64
	EndFt   float64
	// RotFraction is used by end defects: the share of the end area that is
	// unsound.
	RotFraction float64
}

// Scan holds everything the scanner measured on one log.
type Scan struct {
	Tag         string
	Species     string
	SmallEndDIB float64 // inches, diameter inside bark at the small end
	LargeEndDIB float64 // inches
	LengthFt    float64
	SweepIn     float64 // maximum departure from straight, inches
	Defects     []Defect
}

// Validate checks that the measurements are physically plausible.
func (s Scan) Validate() error {
	switch {
	case s.Tag == "":
		return errors.New("scan without tag")
	case s.SmallEndDIB <= 0 || s.LargeEndDIB < s.SmallEndDIB:
		return fmt.Errorf("log %s: implausible diameters %.1f/%.1f", s.Tag, s.SmallEndDIB, s.LargeEndDIB)
	case s.LengthFt <= 0 || s.LengthFt > 40:
		return fmt.Errorf("log %s: implausible length %.1f ft", s.Tag, s.LengthFt)
	}
	for _, d := range s.Defects {
		if d.Face < 0 || d.Face >= numFaces {
			return fmt.Errorf("log %s: defect on unknown face %d", s.Tag, d.Face)
		}
		if d.EndFt < d.StartFt {
			return fmt.Errorf("log %s: defect %s ends before it starts", s.Tag, d.Kind)
		}
	}
	return nil
}

// Scanner reads the measurements of a tagged log. Implementations talk to the
// scanner PLC; they must honour ctx.
type Scanner interface {
	Scan(ctx context.Context, tag string) (Scan, error)
}
