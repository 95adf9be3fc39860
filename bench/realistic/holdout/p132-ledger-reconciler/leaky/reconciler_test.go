package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errConnReset = errors.New("read tcp 10.0.3.7:5432: connection reset by peer")

type fakeLedger struct {
	mu      sync.Mutex
	entries []Entry
	down    bool
	calls   int
}

func (f *fakeLedger) Candidates(_ context.Context, account string, amount int64, from, to time.Time) ([]Entry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return nil, fmt.Errorf("query entries: %w", errConnReset)
	}
	var out []Entry
	for _, e := range f.entries {
		if e.Account == account && e.AmountCents == amount && !e.Posted.Before(from) && !e.Posted.After(to) {
			out = append(out, e)
		}
	}
	return out, nil
}

var day0 = time.Date(2023, 9, 4, 0, 0, 0, 0, time.UTC)

func TestReconcileMatchesStatement(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &fakeLedger{entries: []Entry{
		{ID: "E1", Account: "GB01", AmountCents: -12000, Posted: day0, Reference: "INV-1001"},
		{ID: "E2", Account: "GB01", AmountCents: 5000, Posted: day0.AddDate(0, 0, 1), Reference: "RENT SEPT"},
		{ID: "E3", Account: "GB01", AmountCents: 999, Posted: day0, Reference: "A"},
		{ID: "E4", Account: "GB01", AmountCents: 999, Posted: day0, Reference: "B"},
	}}
	r, err := New(ledger, Config{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Reconcile(context.Background(), []StatementLine{
		{ID: "L1", Account: "GB01", AmountCents: -12000, Booked: day0, Reference: "inv 1001"},
		{ID: "L2", Account: "GB01", AmountCents: 5000, Booked: day0.AddDate(0, 0, 2), Description: "SO RENT SEPT"},
		{ID: "L3", Account: "GB01", AmountCents: 999, Booked: day0},
		{ID: "L4", Account: "GB01", AmountCents: 42, Booked: day0},
	})
	if err != nil {
		t.Fatalf("Reconcile: %v", err)
	}
	if len(rep.Matched) != 2 || rep.Matched[0].EntryID != "E1" || rep.Matched[1].EntryID != "E2" {
		t.Fatalf("matched = %+v", rep.Matched)
	}
	if len(rep.Exceptions) != 1 || rep.Exceptions[0].Reason != "ambiguous" {
		t.Fatalf("exceptions = %+v", rep.Exceptions)
	}
	if len(rep.Unmatched) != 1 || rep.Unmatched[0] != "L4" {
		t.Fatalf("unmatched = %v", rep.Unmatched)
	}
}

func TestReconcileAbortsWhenLedgerFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &fakeLedger{down: true}
	r, err := New(ledger, Config{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	lines := make([]StatementLine, 24)
	for i := range lines {
		lines[i] = StatementLine{
			ID:          fmt.Sprintf("L%02d", i),
			Account:     "GB01",
			AmountCents: int64(100 * (i + 1)),
			Booked:      day0,
		}
	}
	rep, err := r.Reconcile(context.Background(), lines)
	if !errors.Is(err, errConnReset) {
		t.Fatalf("Reconcile error = %v, want connection reset", err)
	}
	if rep != nil {
		t.Fatalf("got report %+v on failure", rep)
	}
}
