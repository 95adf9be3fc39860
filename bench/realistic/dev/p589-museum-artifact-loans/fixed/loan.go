// Package loans evaluates outgoing artifact loan requests from partner
// institutions against the collection catalog, conservation condition
// reports and the museum's insurance requirements.
package loans

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors returned by the review service.
var (
	ErrUnknownArtifact = errors.New("loans: unknown artifact")
	ErrEmptyRequest    = errors.New("loans: request lists no artifacts")
	ErrBadWindow       = errors.New("loans: invalid loan window")
)

// Outcome is the result of a loan review.
type Outcome int

const (
	OutcomeApproved Outcome = iota + 1
	OutcomeConditional
	OutcomeRejected
)

func (o Outcome) String() string {
	switch o {
	case OutcomeApproved:
		return "approved"
	case OutcomeConditional:
		return "conditional"
	case OutcomeRejected:
		return "rejected"
	default:
		return fmt.Sprintf("outcome(%d)", int(o))
	}
}

// Artifact is the subset of a catalog record relevant to lending.
type Artifact struct {
	ID            string
	Title         string
	Department    string
	ValueEUR      int64
	OnPermanent   bool
	MaxLoanMonths int
}

// LoanRequest is an incoming request from a borrowing institution.
type LoanRequest struct {
	ID          string
	Borrower    string
	ArtifactIDs []string
	Start       time.Time
	End         time.Time
	Climate     ClimateSpec
}

// ClimateSpec describes the display conditions offered by the borrower.
type ClimateSpec struct {
	TempC       float64
	RelHumidity float64
	MaxLux      int
}

// ConditionReport is a conservator's latest assessment of an object.
type ConditionReport struct {
	ArtifactID string
	Rating     int // 1 (poor) .. 5 (excellent)
	Notes      string
	Examined   time.Time
}

// Decision is the review result handed back to the registrar.
type Decision struct {
	RequestID  string
	Outcome    Outcome
	Reasons    []string
	InsuredEUR int64
	Conditions []string
}

// Catalog resolves artifact records.
type Catalog interface {
	Artifact(ctx context.Context, id string) (Artifact, error)
}

// Conservation provides condition reports. Implementations usually call a
// slow collections-management backend, one object at a time.
type Conservation interface {
	LatestReport(ctx context.Context, artifactID string) (ConditionReport, error)
}

// Insurer quotes wall-to-wall cover for a set of artifacts.
type Insurer interface {
	Quote(ctx context.Context, borrower string, artifacts []Artifact, months int) (int64, error)
}

func (r LoanRequest) months() int {
	if !r.End.After(r.Start) {
		return 0
	}
	y1, m1, _ := r.Start.Date()
	y2, m2, d2 := r.End.Date()
	n := (y2-y1)*12 + int(m2-m1)
	if d2 > r.Start.Day() {
		n++
	}
	if n < 1 {
		n = 1
	}
	return n
}

func (r LoanRequest) validate(now time.Time) error {
	if len(r.ArtifactIDs) == 0 {
		return ErrEmptyRequest
	}
	if !r.End.After(r.Start) {
		return fmt.Errorf("%w: end %s is not after start %s", ErrBadWindow,
			r.End.Format("2006-01-02"), r.Start.Format("2006-01-02"))
	}
	if r.Start.Before(now) {
		return fmt.Errorf("%w: start %s is in the past", ErrBadWindow, r.Start.Format("2006-01-02"))
	}
	return nil
}
