// Package triage scores incoming insurance claims with rules and an optional
// fraud model and routes them to the adjuster best placed to handle them.
// Low-severity, low-value claims are fast-tracked without an adjuster; claims
// nobody can take go to manual review.
package triage

import (
	"errors"
	"fmt"
	"time"
)

// Line is an insurance line of business.
type Line string

// Supported lines of business.
const (
	LineAuto        Line = "auto"
	LineProperty    Line = "property"
	LineWorkersComp Line = "workers_comp"
)

// Claim is a first notice of loss as received from the intake system.
type Claim struct {
	ID          string
	PolicyID    string
	Line        Line
	State       string    // two-letter jurisdiction code, e.g. "TX"
	LossDate    time.Time // when the loss occurred
	ReportedAt  time.Time // when the loss was reported to the carrier
	Amount      float64   // claimed amount in USD
	Injury      bool      // bodily injury reported
	PriorClaims int       // claims on the same policy in the last 36 months
	Narrative   string
}

// ErrInvalidClaim is returned for claims that cannot be triaged as received.
var ErrInvalidClaim = errors.New("invalid claim")

// Validate reports whether the claim can be triaged as received.
func (c Claim) Validate() error {
	switch {
	case c.ID == "" || c.PolicyID == "" || c.Line == "":
		return fmt.Errorf("%w: id, policy and line are required", ErrInvalidClaim)
	case len(c.State) != 2:
		return fmt.Errorf("%w: bad jurisdiction %q", ErrInvalidClaim, c.State)
	case c.LossDate.IsZero() || c.ReportedAt.Before(c.LossDate):
		return fmt.Errorf("%w: loss date missing or after the report", ErrInvalidClaim)
	case c.Amount < 0:
		return fmt.Errorf("%w: negative amount %.2f", ErrInvalidClaim, c.Amount)
	}
	return nil
}

// Severity is the triage band a claim falls into.
type Severity int

// Severity bands, from least to most serious.
const (
	SeverityLow Severity = iota
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// severityFor maps a combined score in [0, 100] to a severity band of 25
// points each.
func severityFor(score float64) Severity {
	if score >= 75 {
		return SeverityCritical
	}
	return Severity(score / 25)
}

// Work queues a triaged claim can be placed on.
const (
	QueueFastTrack    = "fast-track"
	QueueAssigned     = "assigned"
	QueueManualReview = "manual-review"
)

// Decision is the outcome of triaging one claim.
type Decision struct {
	ClaimID    string
	Score      float64
	Severity   Severity
	Reasons    []string // rule names and notes that explain the routing
	AdjusterID string   // set when Queue is QueueAssigned
	Queue      string
}
