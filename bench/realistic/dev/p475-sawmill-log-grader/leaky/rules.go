package grading

import (
	"fmt"
	"math"
	"strings"
)

// DefectKind is a surface or end defect found by the scanner.
type DefectKind int

// Defects the scanner reports.
const (
	Knot DefectKind = iota + 1
	Rot
	Split
	Shake
)

// Defect is one defect on a log.
type Defect struct {
	Kind DefectKind
	Size float64
}

// Scan is what the log scanner at the deck reports for one log.
type Scan struct {
	Tag      string
	Species  string
	SmallEnd float64
	LargeEnd float64
	Length   float64
	Sweep    float64
	Defects  []Defect
}

// Graded is the grading decision for one log.
type Graded struct {
	Tag          string
	Species      string
	Grade        string
	GrossBF      int
	NetBF        int
	RulesVersion string
}

// Scale is a log rule used to estimate board feet.
type Scale int

// Supported log rules.
const (
	Doyle Scale = iota
	International
)

// GradeSpec is the minimum a log must meet for one grade.
type GradeSpec struct {
	Name         string
	MinDiameter  float64
	MinLength    float64
	MaxSweepPct  float64
	MaxKnots     int
	AllowRot     bool
	MaxDeduction float64
}

// RuleSet is a versioned grading rule book, best grade first per species.
type RuleSet struct {
	Version string
	Scale   Scale
	Species map[string][]GradeSpec
	Cull    string
}

func (rs RuleSet) validate() error {
	if rs.Version == "" {
		return fmt.Errorf("grading: rule set has no version")
	}
	if len(rs.Species) == 0 {
		return fmt.Errorf("grading: rule set %s has no species", rs.Version)
	}
	for sp, grades := range rs.Species {
		for i := 1; i < len(grades); i++ {
			if grades[i].MinDiameter > grades[i-1].MinDiameter {
				return fmt.Errorf("grading: %s %s: grade %s stricter than %s", rs.Version, sp, grades[i].Name, grades[i-1].Name)
			}
		}
	}
	return nil
}

func (rs RuleSet) boardFeet(d, length float64) float64 {
	switch rs.Scale {
	case International:
		return math.Max(0, 0.905*(0.22*d*d-0.71*d)*length/4)
	default:
		return math.Max(0, (d-4)*(d-4)*length/16)
	}
}

// deduction is the fraction of gross volume lost to sweep and defects.
func deduction(s Scan) float64 {
	ded := 0.0
	if s.SmallEnd > 0 && s.Sweep > 2 {
		ded += (s.Sweep - 2) / s.SmallEnd
	}
	for _, d := range s.Defects {
		switch d.Kind {
		case Rot:
			ded += (d.Size * d.Size) / (s.SmallEnd * s.SmallEnd)
		case Split, Shake:
			ded += d.Size / (4 * s.Length)
		}
	}
	return math.Min(ded, 1)
}

// grade applies rs to one scan.
func (rs RuleSet) grade(s Scan) Graded {
	g := Graded{Tag: s.Tag, Species: s.Species, Grade: rs.Cull, RulesVersion: rs.Version}
	gross := rs.boardFeet(s.SmallEnd, s.Length)
	ded := deduction(s)
	g.GrossBF = int(math.Round(gross))
	g.NetBF = int(math.Round(gross * (1 - ded)))

	knots, rot := 0, false
	for _, d := range s.Defects {
		switch d.Kind {
		case Knot:
			knots++
		case Rot:
			rot = true
		}
	}
	sweepPct := 0.0
	if s.SmallEnd > 0 {
		sweepPct = 100 * s.Sweep / s.SmallEnd
	}
	for _, spec := range rs.Species[strings.ToLower(s.Species)] {
		if s.SmallEnd < spec.MinDiameter || s.Length < spec.MinLength || sweepPct > spec.MaxSweepPct {
			continue
		}
		if knots > spec.MaxKnots || (rot && !spec.AllowRot) || ded > spec.MaxDeduction {
			continue
		}
		g.Grade = spec.Name
		break
	}
	return g
}
