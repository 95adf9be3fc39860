package inspector

import (
	"fmt"
	"math"
	"time"
)

// Denomination identifies a coin type struck by the mint.
type Denomination string

// Circulating denominations handled by the inspection line.
const (
	Cent    Denomination = "1c"
	Nickel  Denomination = "5c"
	Dime    Denomination = "10c"
	Quarter Denomination = "25c"
)

// Spec holds the nominal physical properties of a denomination.
type Spec struct {
	DiameterMM   float64
	WeightG      float64
	ThicknessMM  float64
	TolerancePct float64
	MaxOffCenter float64
}

// DefaultSpecs returns the reference specs for circulating coinage.
func DefaultSpecs() map[Denomination]Spec {
	return map[Denomination]Spec{
		Cent:    {DiameterMM: 19.05, WeightG: 2.500, ThicknessMM: 1.52, TolerancePct: 2.0, MaxOffCenter: 3},
		Nickel:  {DiameterMM: 21.21, WeightG: 5.000, ThicknessMM: 1.95, TolerancePct: 2.0, MaxOffCenter: 3},
		Dime:    {DiameterMM: 17.91, WeightG: 2.268, ThicknessMM: 1.35, TolerancePct: 2.0, MaxOffCenter: 3},
		Quarter: {DiameterMM: 24.26, WeightG: 5.670, ThicknessMM: 1.75, TolerancePct: 2.0, MaxOffCenter: 3},
	}
}

// Coin is a single struck piece pulled from a press for inspection.
type Coin struct {
	Serial       string
	Denomination Denomination
	Press        string
	DieID        string
	StruckAt     time.Time
}

// Measurement is what the optical and mass scanner reports for a coin.
type Measurement struct {
	DiameterMM   float64
	WeightG      float64
	ThicknessMM  float64
	OffCenterPct float64
	SurfaceMarks int
	DieCrack     bool
	Lamination   bool
}

// Severity ranks how serious a defect is.
type Severity int

// Defect severities, from least to most serious.
const (
	Cosmetic Severity = iota + 1
	Major
	Critical
)

// Defect is a single finding against a coin.
type Defect struct {
	Code     string
	Severity Severity
	Detail   string
}

// Grade is the disposition assigned to an inspected coin.
type Grade string

// Possible grades.
const (
	GradeMintState   Grade = "MS"
	GradeCirculation Grade = "CIRC"
	GradeScrap       Grade = "SCRAP"
	GradeUnscanned   Grade = "UNSCANNED"
)

// Verdict is the outcome of inspecting one coin.
type Verdict struct {
	Coin    Coin
	Grade   Grade
	Defects []Defect
	Err     error
	Elapsed time.Duration
}

// Critical returns the first critical defect of the verdict, if any.
func (v Verdict) Critical() (Defect, bool) {
	for _, d := range v.Defects {
		if d.Severity == Critical {
			return d, true
		}
	}
	return Defect{}, false
}

func deviationPct(got, want float64) float64 {
	if want == 0 {
		return 0
	}
	return math.Abs(got-want) / want * 100
}

func evaluate(spec Spec, m Measurement) []Defect {
	var defects []Defect
	if d := deviationPct(m.DiameterMM, spec.DiameterMM); d > spec.TolerancePct {
		defects = append(defects, Defect{Code: "DIA", Severity: Major,
			Detail: fmt.Sprintf("diameter %.2fmm off by %.1f%%", m.DiameterMM, d)})
	}
	if d := deviationPct(m.WeightG, spec.WeightG); d > spec.TolerancePct {
		defects = append(defects, Defect{Code: "WGT", Severity: Major,
			Detail: fmt.Sprintf("weight %.3fg off by %.1f%%", m.WeightG, d)})
	}
	if d := deviationPct(m.ThicknessMM, spec.ThicknessMM); d > spec.TolerancePct*2 {
		defects = append(defects, Defect{Code: "THK", Severity: Cosmetic,
			Detail: fmt.Sprintf("thickness %.2fmm off by %.1f%%", m.ThicknessMM, d)})
	}
	if m.OffCenterPct > spec.MaxOffCenter {
		sev := Cosmetic
		if m.OffCenterPct > spec.MaxOffCenter*3 {
			sev = Major
		}
		defects = append(defects, Defect{Code: "OFC", Severity: sev,
			Detail: fmt.Sprintf("struck %.1f%% off center", m.OffCenterPct)})
	}
	if m.SurfaceMarks > 3 {
		defects = append(defects, Defect{Code: "BAG", Severity: Cosmetic,
			Detail: fmt.Sprintf("%d contact marks", m.SurfaceMarks)})
	}
	if m.Lamination {
		defects = append(defects, Defect{Code: "LAM", Severity: Major, Detail: "planchet lamination"})
	}
	if m.DieCrack {
		defects = append(defects, Defect{Code: "CRK", Severity: Critical, Detail: "raised die-crack line"})
	}
	return defects
}

func grade(defects []Defect) Grade {
	worst := Severity(0)
	for _, d := range defects {
		if d.Severity > worst {
			worst = d.Severity
		}
	}
	switch {
	case worst >= Major:
		return GradeScrap
	case worst == Cosmetic:
		return GradeCirculation
	default:
		return GradeMintState
	}
}
