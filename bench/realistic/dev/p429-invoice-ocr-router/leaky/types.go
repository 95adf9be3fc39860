// Package ocrrouter routes scanned supplier invoices to OCR engines, matches
// the extracted data against purchase orders and queues the result for
// accounts payable approval.
package ocrrouter

import (
	"context"
	"errors"
	"time"
)

// Scan is a single scanned invoice document as received from the mail room
// or the supplier portal.
type Scan struct {
	ID         string
	SupplierID string
	MIMEType   string
	Pages      int
	Data       []byte
	ReceivedAt time.Time
}

// Extraction is the structured data an OCR engine pulled out of a scan.
type Extraction struct {
	InvoiceNumber string
	PONumber      string
	Currency      string
	TotalCents    int64
	Confidence    float64
	Engine        string
}

// PurchaseOrder is the subset of an ERP purchase order needed for matching.
type PurchaseOrder struct {
	Number       string
	SupplierID   string
	Currency     string
	OpenCents    int64
	ApproverID   string
	ClosedReason string
}

// Approval is a unit of work placed on the accounts payable approval queue.
type Approval struct {
	ScanID     string
	PONumber   string
	ApproverID string
	AmountCts  int64
	Decision   Decision
	Reason     string
}

// Decision tells the approval queue what kind of review an invoice needs.
type Decision int

const (
	// AutoApprove means the invoice matched its PO within tolerance.
	AutoApprove Decision = iota
	// ManualReview means a clerk has to look at the invoice.
	ManualReview
)

func (d Decision) String() string {
	switch d {
	case AutoApprove:
		return "auto-approve"
	case ManualReview:
		return "manual-review"
	default:
		return "unknown"
	}
}

// Engine is an OCR backend, either an in-house model or a hosted service.
type Engine interface {
	Name() string
	Supports(mimeType string) bool
	Recognize(ctx context.Context, scan Scan) (Extraction, error)
}

// POStore looks up purchase orders in the ERP system.
type POStore interface {
	Lookup(ctx context.Context, number string) (PurchaseOrder, error)
}

// ApprovalQueue accepts invoices that are ready for an approver.
type ApprovalQueue interface {
	Enqueue(ctx context.Context, a Approval) error
}

var (
	// ErrUnsupportedFormat is returned when no configured engine accepts
	// a scan's MIME type.
	ErrUnsupportedFormat = errors.New("ocrrouter: no engine supports document format")
	// ErrPONotFound is returned by POStore implementations for unknown POs.
	ErrPONotFound = errors.New("ocrrouter: purchase order not found")
	// ErrLowConfidence is returned when the OCR result cannot be trusted.
	ErrLowConfidence = errors.New("ocrrouter: extraction confidence too low")
)
