package catalog

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Grade is the conservation condition of a mount, from the museum's
// condition-reporting scale.
type Grade int

const (
	GradeUnknown Grade = iota
	GradeExcellent
	GradeGood
	GradeFair
	GradePoor
	GradeDeaccession
)

var gradeNames = map[Grade]string{
	GradeUnknown:     "unknown",
	GradeExcellent:   "excellent",
	GradeGood:        "good",
	GradeFair:        "fair",
	GradePoor:        "poor",
	GradeDeaccession: "deaccession",
}

func (g Grade) String() string {
	if s, ok := gradeNames[g]; ok {
		return s
	}
	return fmt.Sprintf("grade(%d)", int(g))
}

// ParseGrade accepts the names used on paper condition reports.
func ParseGrade(s string) (Grade, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for g, name := range gradeNames {
		if name == s {
			return g, nil
		}
	}
	return GradeUnknown, fmt.Errorf("catalog: unknown grade %q", s)
}

// Preparation is how the specimen was prepared.
type Preparation string

const (
	Mount     Preparation = "mount"
	StudySkin Preparation = "study skin"
	Skeleton  Preparation = "skeleton"
	Fluid     Preparation = "fluid"
)

// Specimen is one accessioned object.
type Specimen struct {
	Accession   string // e.g. "NH.1998.214"
	Taxon       string
	Preparation Preparation
	Preparator  string
	Collected   time.Time
	Cabinet     string
	Condition   Grade
	History     []ConditionReport
	Updated     time.Time
}

// ConditionReport is one entry in a specimen's condition history.
type ConditionReport struct {
	At       time.Time
	By       string
	Grade    Grade
	Notes    string
	Previous Grade
}

var (
	ErrNotFound  = errors.New("catalog: specimen not found")
	ErrDuplicate = errors.New("catalog: accession number already used")
	ErrInvalid   = errors.New("catalog: invalid specimen")
)

func (s *Specimen) validate() error {
	if !strings.HasPrefix(s.Accession, "NH.") || len(s.Accession) < 8 {
		return fmt.Errorf("%w: accession %q", ErrInvalid, s.Accession)
	}
	if s.Taxon == "" {
		return fmt.Errorf("%w: %s has no taxon", ErrInvalid, s.Accession)
	}
	switch s.Preparation {
	case Mount, StudySkin, Skeleton, Fluid:
	default:
		return fmt.Errorf("%w: %s preparation %q", ErrInvalid, s.Accession, s.Preparation)
	}
	return nil
}

// clone returns a deep copy safe to hand out of the catalog.
func (s *Specimen) clone() *Specimen {
	c := *s
	c.History = append([]ConditionReport(nil), s.History...)
	return &c
}
