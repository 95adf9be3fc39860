package grading

import (
	"fmt"
	"math"
	"sort"
)

// Grade is a hardwood factory log grade.
type Grade int

// Factory grades, best first.
const (
	F1 Grade = iota + 1
	F2
	F3
	Cull
)

func (g Grade) String() string {
	switch g {
	case F1:
		return "F1"
	case F2:
		return "F2"
	case F3:
		return "F3"
	case Cull:
		return "Cull"
	}
	return fmt.Sprintf("Grade(%d)", int(g))
}

// VolumeRule converts diameter and length into board feet.
type VolumeRule int

// Log rules in use at the mill.
const (
	Doyle VolumeRule = iota
	Scribner
	International
)

// BoardFeet returns the gross volume of a log of the given small-end
// diameter (inches) and length (feet).
func (r VolumeRule) BoardFeet(dib, lengthFt float64) float64 {
	var bf float64
	switch r {
	case Doyle:
		bf = (dib - 4) * (dib - 4) * lengthFt / 16
	case Scribner:
		bf = (0.79*dib*dib - 2*dib - 4) * lengthFt / 16
	case International:
		sections := lengthFt / 4
		bf = (0.22*dib*dib - 0.71*dib) * sections
	}
	if bf < 0 {
		return 0
	}
	return math.Round(bf)
}

type gradeSpec struct {
	grade      Grade
	minDIB     float64
	minLength  float64
	minClear   float64 // share of length that must be clear on the grading face
	maxSweepPc float64 // sweep as a share of small-end diameter
}

var gradeSpecs = []gradeSpec{
	{F1, 13, 10, 5.0 / 6.0, 0.15},
	{F2, 11, 8, 2.0 / 3.0, 0.30},
	{F3, 8, 8, 1.0 / 2.0, 0.50},
}

// Assessment is the result of grading one scan.
type Assessment struct {
	Tag        string
	Species    string
	Grade      Grade
	GrossBF    float64
	NetBF      float64
	ClearShare float64
	Reason     string
}

// Assess grades a single scan according to rule.
func Assess(s Scan, rule VolumeRule) Assessment {
	a := Assessment{
		Tag:     s.Tag,
		Species: s.Species,
		GrossBF: rule.BoardFeet(s.SmallEndDIB, s.LengthFt),
	}
	a.ClearShare = gradingFaceClear(s)

	deduction := sweepDeduction(s) + rotDeduction(s)
	if deduction > 1 {
		deduction = 1
	}
	a.NetBF = math.Round(a.GrossBF * (1 - deduction))

	if deduction > 0.5 {
		a.Grade, a.Reason = Cull, fmt.Sprintf("scaling deduction %.0f%%", deduction*100)
		return a
	}
	sweepPc := s.SweepIn / s.SmallEndDIB
	for _, spec := range gradeSpecs {
		if s.SmallEndDIB >= spec.minDIB && s.LengthFt >= spec.minLength &&
			a.ClearShare >= spec.minClear && sweepPc <= spec.maxSweepPc {
			a.Grade = spec.grade
			return a
		}
	}
	a.Grade, a.Reason = Cull, "below factory grade 3"
	return a
}

// gradingFaceClear returns the clear share of the third-best face, which is
// the face that decides the grade.
func gradingFaceClear(s Scan) float64 {
	covered := make([][][2]float64, numFaces)
	for _, d := range s.Defects {
		if d.Kind == EndRot {
			continue
		}
		covered[d.Face] = append(covered[d.Face], [2]float64{d.StartFt, d.EndFt})
	}
	shares := make([]float64, numFaces)
	for f := range covered {
		shares[f] = 1 - mergedLength(covered[f])/s.LengthFt
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(shares)))
	return shares[2]
}

func mergedLength(spans [][2]float64) float64 {
	if len(spans) == 0 {
		return 0
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	total := 0.0
	cur := spans[0]
	for _, sp := range spans[1:] {
		if sp[0] <= cur[1] {
			cur[1] = math.Max(cur[1], sp[1])
			continue
		}
		total += cur[1] - cur[0]
		cur = sp
	}
	return total + cur[1] - cur[0]
}

func sweepDeduction(s Scan) float64 {
	excess := s.SweepIn - 1
	if excess <= 0 {
		return 0
	}
	return excess / s.SmallEndDIB
}

func rotDeduction(s Scan) float64 {
	worst := 0.0
	for _, d := range s.Defects {
		if d.Kind == EndRot && d.RotFraction > worst {
			worst = d.RotFraction
		}
	}
	return worst
}
