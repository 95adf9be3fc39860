package hidebatch

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Grade is the commercial grade assigned to a hide after tanning.
type Grade string

const (
	GradeSelect   Grade = "select"
	GradeStandard Grade = "standard"
	GradeUtility  Grade = "utility"
	GradeReject   Grade = "reject"
)

// Defect is a surface or structural flaw noted on the intake sheet.
type Defect struct {
	Kind     string // brand, scratch, tick, hole, grain-crack
	Severity int    // 1 (cosmetic) to 5 (structural)
}

// Hide is a single raw hide as logged at intake.
type Hide struct {
	Tag      string
	Species  string
	WeightKg float64
	Defects  []Defect
}

// Batch is a lot of hides that goes into a drum together.
type Batch struct {
	ID       string
	Process  string
	Supplier string
	Received time.Time
	Hides    []Hide
}

var (
	ErrEmptyBatch     = errors.New("hidebatch: batch has no hides")
	ErrUnknownProcess = errors.New("hidebatch: unknown tanning process")
	ErrOverweight     = errors.New("hidebatch: batch exceeds drum capacity")
	ErrClosed         = errors.New("hidebatch: router closed")
)

// processAliases maps the spellings found on supplier intake sheets to the
// process names used on the drum floor.
var processAliases = map[string]string{
	"chrome":    "chrome",
	"cr":        "chrome",
	"wet-blue":  "chrome",
	"vegetable": "vegetable",
	"veg":       "vegetable",
	"bark":      "vegetable",
	"aldehyde":  "aldehyde",
	"wet-white": "aldehyde",
}

func canonicalProcess(p string) (string, bool) {
	name, ok := processAliases[strings.ToLower(strings.TrimSpace(p))]
	return name, ok
}

func (b Batch) validate() error {
	if b.ID == "" {
		return errors.New("hidebatch: batch id is required")
	}
	if len(b.Hides) == 0 {
		return fmt.Errorf("%w: %s", ErrEmptyBatch, b.ID)
	}
	seen := make(map[string]bool, len(b.Hides))
	for i, h := range b.Hides {
		if h.Tag == "" {
			return fmt.Errorf("hidebatch: batch %s: hide #%d has no tag", b.ID, i+1)
		}
		if seen[h.Tag] {
			return fmt.Errorf("hidebatch: batch %s: duplicate tag %s", b.ID, h.Tag)
		}
		seen[h.Tag] = true
		if h.WeightKg <= 0 {
			return fmt.Errorf("hidebatch: batch %s: hide %s has weight %.1f kg", b.ID, h.Tag, h.WeightKg)
		}
		for _, d := range h.Defects {
			if d.Severity < 1 || d.Severity > 5 {
				return fmt.Errorf("hidebatch: batch %s: hide %s: defect %q severity %d out of range",
					b.ID, h.Tag, d.Kind, d.Severity)
			}
		}
	}
	return nil
}

func (b Batch) weight() float64 {
	var kg float64
	for _, h := range b.Hides {
		kg += h.WeightKg
	}
	return kg
}

// defectPoints scores a hide the way the grading bench does: structural
// damage counts triple, brands double, everything else at face value.
func defectPoints(h Hide) int {
	points := 0
	for _, d := range h.Defects {
		switch d.Kind {
		case "hole", "grain-crack":
			points += 3 * d.Severity
		case "brand":
			points += 2 * d.Severity
		default:
			points += d.Severity
		}
	}
	return points
}

func gradeHide(h Hide, rejectAt int) Grade {
	points := defectPoints(h)
	switch {
	case points >= rejectAt:
		return GradeReject
	case points == 0:
		return GradeSelect
	case points <= rejectAt/3:
		return GradeStandard
	default:
		return GradeUtility
	}
}
