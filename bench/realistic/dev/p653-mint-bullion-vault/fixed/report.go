package vault

import (
	"fmt"
	"strings"
	"time"
)

const gramsPerTroyOunce = 31.1034768

// IssueKind classifies a discrepancy found on a bar.
type IssueKind int

// Kinds of discrepancy.
const (
	Underweight IssueKind = iota + 1
	Overweight
	FinenessMismatch
)

func (k IssueKind) String() string {
	switch k {
	case Underweight:
		return "underweight"
	case Overweight:
		return "overweight"
	case FinenessMismatch:
		return "fineness mismatch"
	default:
		return fmt.Sprintf("IssueKind(%d)", int(k))
	}
}

// Issue is one discrepancy on one bar.
type Issue struct {
	Kind   IssueKind
	Detail string
}

// Finding is the outcome of inspecting one bar.
type Finding struct {
	Serial        string
	Metal         string
	Refiner       string
	RecordedGrams float64
	MeasuredGrams float64
	Fineness      float64
	Issues        []Issue
}

// OK reports whether the bar matched the ledger and its certificate.
func (f Finding) OK() bool { return len(f.Issues) == 0 }

// FineTroyOunces is the pure metal content of the bar as measured.
func (f Finding) FineTroyOunces() float64 {
	return f.MeasuredGrams * f.Fineness / 1000 / gramsPerTroyOunce
}

// Report is the result of auditing one shelf.
type Report struct {
	Shelf    string
	Started  time.Time
	Finished time.Time
	Findings []Finding
}

func newReport(shelf string, started time.Time) *Report {
	return &Report{Shelf: shelf, Started: started}
}

func (r *Report) add(f Finding) { r.Findings = append(r.Findings, f) }

// Discrepancies counts the bars with at least one issue.
func (r *Report) Discrepancies() int {
	n := 0
	for _, f := range r.Findings {
		if !f.OK() {
			n++
		}
	}
	return n
}

// FineOunces totals the measured fine content per metal.
func (r *Report) FineOunces() map[string]float64 {
	out := make(map[string]float64)
	for _, f := range r.Findings {
		out[f.Metal] += f.FineTroyOunces()
	}
	return out
}

// String renders the report the way it is filed with the vault controller.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "shelf %s audited %s (%s)\n", r.Shelf,
		r.Started.UTC().Format(time.RFC3339), r.Finished.Sub(r.Started).Round(time.Millisecond))
	for _, f := range r.Findings {
		status := "ok"
		if !f.OK() {
			parts := make([]string, 0, len(f.Issues))
			for _, is := range f.Issues {
				parts = append(parts, is.Kind.String()+" "+is.Detail)
			}
			status = strings.Join(parts, "; ")
		}
		fmt.Fprintf(&b, "  %-12s %s %9.3f g  %s\n", f.Serial, f.Metal, f.MeasuredGrams, status)
	}
	return b.String()
}
