package efile

import (
	"fmt"
	"strings"
)

// FieldError describes one problem found while validating a return.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError lists every problem found in a return, so the preparer
// can fix them all in one go.
type ValidationError struct {
	ReturnID string
	Problems []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		parts = append(parts, p.Field+": "+p.Message)
	}
	return fmt.Sprintf("efile: return %s is invalid: %s", e.ReturnID, strings.Join(parts, "; "))
}

var filingStatuses = map[string]bool{
	"single":                    true,
	"married_filing_jointly":    true,
	"married_filing_separately": true,
	"head_of_household":         true,
	"qualifying_surviving":      true,
}

// validate applies the authority's business rules that can be checked
// locally before transmission.
func validate(r Return, currentYear int) error {
	var probs []FieldError
	add := func(field, format string, args ...interface{}) {
		probs = append(probs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}

	if r.ID == "" {
		add("id", "is required")
	}
	if r.TaxYear < currentYear-3 || r.TaxYear >= currentYear {
		add("tax_year", "%d is not open for electronic filing", r.TaxYear)
	}
	if !allDigits(r.TIN, 9) {
		add("tin", "must be 9 digits")
	}
	if strings.TrimSpace(r.Name) == "" {
		add("name", "is required")
	}
	if !filingStatuses[r.FilingStatus] {
		add("filing_status", "unknown status %q", r.FilingStatus)
	}
	if !allDigits(r.SignaturePIN, 5) {
		add("signature_pin", "must be 5 digits")
	}

	seen := make(map[string]bool, len(r.Lines))
	var sum int64
	for _, l := range r.Lines {
		if seen[l.Number] {
			add("line "+l.Number, "appears more than once")
		}
		seen[l.Number] = true
		sum += l.AmountCents
	}
	if sum != r.TotalTaxCents {
		add("total_tax", "is %d but lines add up to %d", r.TotalTaxCents, sum)
	}

	if len(probs) > 0 {
		return &ValidationError{ReturnID: r.ID, Problems: probs}
	}
	return nil
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
