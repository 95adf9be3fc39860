package ocrrouter

import (
	"context"
	"errors"
	"fmt"
)

// matcher performs the two-way match between an OCR extraction and the
// purchase order it references.
type matcher struct {
	store         POStore
	toleranceBps  int64
	minConfidence float64
}

// match decides how an extracted invoice should be approved. It never
// returns an error for business mismatches; those become ManualReview
// approvals. Errors are reserved for infrastructure failures.
func (m *matcher) match(ctx context.Context, scan Scan, ex Extraction) (Approval, error) {
	a := Approval{
		ScanID:    scan.ID,
		PONumber:  ex.PONumber,
		AmountCts: ex.TotalCents,
		Decision:  ManualReview,
	}
	if ex.Confidence < m.minConfidence {
		a.Reason = ErrLowConfidence.Error()
		return a, nil
	}
	if ex.PONumber == "" {
		a.Reason = "invoice does not reference a purchase order"
		return a, nil
	}

	po, err := m.store.Lookup(ctx, ex.PONumber)
	if errors.Is(err, ErrPONotFound) {
		a.Reason = fmt.Sprintf("purchase order %s not found", ex.PONumber)
		return a, nil
	}
	if err != nil {
		return Approval{}, fmt.Errorf("lookup po %s: %w", ex.PONumber, err)
	}
	a.ApproverID = po.ApproverID

	switch {
	case po.ClosedReason != "":
		a.Reason = "purchase order closed: " + po.ClosedReason
	case po.SupplierID != scan.SupplierID:
		a.Reason = "supplier does not match purchase order"
	case po.Currency != ex.Currency:
		a.Reason = fmt.Sprintf("currency %s differs from po currency %s", ex.Currency, po.Currency)
	case !m.withinTolerance(ex.TotalCents, po.OpenCents):
		a.Reason = fmt.Sprintf("amount %d exceeds open po balance %d", ex.TotalCents, po.OpenCents)
	default:
		a.Decision = AutoApprove
	}
	return a, nil
}

// withinTolerance reports whether amount is no more than the open balance
// plus the configured tolerance in basis points.
func (m *matcher) withinTolerance(amount, open int64) bool {
	limit := open + open*m.toleranceBps/10000
	return amount <= limit
}
