// Package efiling implements the intake side of a court e-filing gateway.
//
// Filers (attorneys and self-represented litigants, through their e-filing
// service providers) submit documents to the gateway. The gateway validates
// each filing against the court's intake rules, assigns an envelope number,
// applies the clerk's "received" stamp and forwards the stamped document to
// the review queue of the clerk's office responsible for the case type.
package efiling

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Sentinel errors returned (wrapped) by the gateway.
var (
	// ErrInvalidFiling is returned when a filing fails intake validation.
	ErrInvalidFiling = errors.New("efiling: invalid filing")
	// ErrNoQueue is returned when no clerk queue handles the filing's court
	// and document type.
	ErrNoQueue = errors.New("efiling: no review queue for filing")
)

// DocumentType identifies the kind of document being filed.
type DocumentType string

// Document types accepted by the gateway.
const (
	Complaint DocumentType = "complaint"
	Answer    DocumentType = "answer"
	Motion    DocumentType = "motion"
	Exhibit   DocumentType = "exhibit"
	Order     DocumentType = "proposed-order"
)

var knownDocumentTypes = map[DocumentType]bool{
	Complaint: true,
	Answer:    true,
	Motion:    true,
	Exhibit:   true,
	Order:     true,
}

// caseNumberPattern matches docket numbers such as "2:24-cv-01234".
var caseNumberPattern = regexp.MustCompile(`^[0-9]:[0-9]{2}-(cv|cr|bk|mc)-[0-9]{5}$`)

// pdfMagic is the header every PDF document starts with.
var pdfMagic = []byte("%PDF-")

// Filing is a single document submitted for filing in a case.
type Filing struct {
	// CourtID identifies the court, for example "nysd".
	CourtID string
	// CaseNumber is the docket number. It may be empty for a Complaint,
	// which opens a new case.
	CaseNumber string
	// FilerBarNumber identifies the submitting attorney. Empty for
	// self-represented filers.
	FilerBarNumber string
	// Type is the kind of document.
	Type DocumentType
	// Title is the caption of the document as it should appear on the docket.
	Title string
	// Document holds the PDF bytes.
	Document []byte
}

// Envelope is the metadata the gateway attaches to an accepted filing. It
// travels with the stamped document to the clerk review queue.
type Envelope struct {
	Number     string
	CourtID    string
	CaseNumber string
	Type       DocumentType
	Title      string
	ReceivedAt time.Time
	Size       int64
}

// Receipt is returned to the filer once the filing is queued for review.
type Receipt struct {
	EnvelopeNumber string
	Queue          string
	ReceivedAt     time.Time
}

// ValidationError lists every intake rule a filing violated. It unwraps to
// ErrInvalidFiling.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%v: %s", ErrInvalidFiling, strings.Join(e.Problems, "; "))
}

// Unwrap lets errors.Is match ErrInvalidFiling.
func (e *ValidationError) Unwrap() error { return ErrInvalidFiling }

// validate checks f against the intake rules. maxSize of zero disables the
// size check.
func validate(f Filing, maxSize int64) error {
	var problems []string
	if strings.TrimSpace(f.CourtID) == "" {
		problems = append(problems, "court is required")
	}
	if !knownDocumentTypes[f.Type] {
		problems = append(problems, fmt.Sprintf("unknown document type %q", f.Type))
	}
	switch {
	case f.CaseNumber == "" && f.Type != Complaint:
		problems = append(problems, "case number is required except for complaints")
	case f.CaseNumber != "" && !caseNumberPattern.MatchString(f.CaseNumber):
		problems = append(problems, fmt.Sprintf("malformed case number %q", f.CaseNumber))
	}
	if strings.TrimSpace(f.Title) == "" {
		problems = append(problems, "document title is required")
	}
	if len(f.Document) == 0 {
		problems = append(problems, "document is empty")
	} else if !bytes.HasPrefix(f.Document, pdfMagic) {
		problems = append(problems, "document is not a PDF")
	}
	if maxSize > 0 && int64(len(f.Document)) > maxSize {
		problems = append(problems, fmt.Sprintf("document exceeds %d bytes", maxSize))
	}
	if len(problems) > 0 {
		return &ValidationError{Problems: problems}
	}
	return nil
}
