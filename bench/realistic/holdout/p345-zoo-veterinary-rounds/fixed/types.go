package rounds

import (
	"context"
	"fmt"
	"time"
)

// Severity grades a clinical finding from a routine examination.
type Severity int

const (
	SeverityRoutine Severity = iota
	SeverityWatch
	SeverityUrgent
	SeverityCritical
)

func (s Severity) String() string {
	switch s {
	case SeverityRoutine:
		return "routine"
	case SeverityWatch:
		return "watch"
	case SeverityUrgent:
		return "urgent"
	case SeverityCritical:
		return "critical"
	default:
		return fmt.Sprintf("severity(%d)", int(s))
	}
}

// Animal is a single resident of the collection as known to the registry.
type Animal struct {
	ID          string
	Name        string
	Species     string
	Enclosure   string
	LastExam    time.Time
	Quarantined bool
	Sedation    bool
}

// Vitals are the measurements taken during an examination.
type Vitals struct {
	HeartRate int
	TempC     float64
	WeightKg  float64
}

// Finding is the outcome of examining one animal.
type Finding struct {
	AnimalID string
	Severity Severity
	Notes    string
	Vitals   Vitals
	Vet      string
	At       time.Time
}

// Registry is the collection management system that tracks animals and
// their medical history.
type Registry interface {
	AnimalsIn(ctx context.Context, enclosure string) ([]Animal, error)
	RecordExam(ctx context.Context, f Finding) error
}

// Examiner performs a hands-on or remote examination of one animal.
type Examiner interface {
	Examine(ctx context.Context, a Animal) (Finding, error)
}

// Pager notifies the on-call veterinarian.
type Pager interface {
	Page(ctx context.Context, enclosure string, f Finding) error
}

// Report summarises one round through an enclosure.
type Report struct {
	Enclosure string
	Started   time.Time
	Finished  time.Time
	Findings  []Finding
	Skipped   []string
	Failed    map[string]error
}

// EmergencyError is returned when a round is interrupted because an animal
// needs immediate treatment.
type EmergencyError struct {
	Enclosure string
	Finding   Finding
}

func (e *EmergencyError) Error() string {
	return fmt.Sprintf("round in %s interrupted: %s finding for %s: %s",
		e.Enclosure, e.Finding.Severity, e.Finding.AnimalID, e.Finding.Notes)
}

// TransientError marks examiner failures that are worth retrying, such as a
// keeper not yet having moved the animal into the crush.
type TransientError struct {
	Reason string
}

func (e *TransientError) Error() string { return "transient: " + e.Reason }
