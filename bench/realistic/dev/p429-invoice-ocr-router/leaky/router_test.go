package ocrrouter

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeEngine struct {
	name  string
	mimes map[string]bool
	out   map[string]Extraction
}

func (e *fakeEngine) Name() string              { return e.name }
func (e *fakeEngine) Supports(mime string) bool { return e.mimes[mime] }
func (e *fakeEngine) Recognize(_ context.Context, s Scan) (Extraction, error) {
	ex, ok := e.out[s.ID]
	if !ok {
		return Extraction{}, errors.New("unreadable page")
	}
	return ex, nil
}

type fakeStore map[string]PurchaseOrder

func (f fakeStore) Lookup(_ context.Context, n string) (PurchaseOrder, error) {
	po, ok := f[n]
	if !ok {
		return PurchaseOrder{}, ErrPONotFound
	}
	return po, nil
}

type fakeQueue struct {
	mu    sync.Mutex
	items []Approval
}

func (q *fakeQueue) Enqueue(_ context.Context, a Approval) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, a)
	return nil
}

func TestProcessBatchRejectsUnsupportedFormat(t *testing.T) {
	defer goleak.VerifyNone(t)

	engine := &fakeEngine{
		name:  "tesseract",
		mimes: map[string]bool{"application/pdf": true},
		out: map[string]Extraction{
			"s1": {InvoiceNumber: "INV-1", PONumber: "PO-7", Currency: "EUR", TotalCents: 10000, Confidence: 0.97},
			"s2": {InvoiceNumber: "INV-2", PONumber: "PO-8", Currency: "EUR", TotalCents: 5000, Confidence: 0.91},
		},
	}
	store := fakeStore{
		"PO-7": {Number: "PO-7", SupplierID: "acme", Currency: "EUR", OpenCents: 10000, ApproverID: "u1"},
	}
	queue := &fakeQueue{}

	r, err := New([]Engine{engine}, store, queue, WithWorkers(3))
	if err != nil {
		t.Fatal(err)
	}

	scans := []Scan{
		{ID: "s1", SupplierID: "acme", MIMEType: "application/pdf"},
		{ID: "s2", SupplierID: "acme", MIMEType: "application/pdf"},
		{ID: "s3", SupplierID: "acme", MIMEType: "image/heic"},
	}
	_, err = r.ProcessBatch(context.Background(), scans)
	if !errors.Is(err, ErrUnsupportedFormat) {
		t.Fatalf("ProcessBatch error = %v, want %v", err, ErrUnsupportedFormat)
	}
}
