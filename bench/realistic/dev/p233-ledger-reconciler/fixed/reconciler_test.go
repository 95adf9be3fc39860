package reconcile

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnavailable = errors.New("ledger database unavailable")

type fakeStore struct {
	mu      sync.Mutex
	entries []Entry
	err     error
	calls   int
}

func (s *fakeStore) FindEntries(ctx context.Context, q Query) ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return nil, s.err
	}
	var out []Entry
	for _, e := range s.entries {
		if e.Account == q.Account && e.Currency == q.Currency && e.Amount == q.Amount &&
			!e.BookedAt.Before(q.From) && !e.BookedAt.After(q.To) {
			out = append(out, e)
		}
	}
	return out, nil
}

func statement(n int) []BankLine {
	day := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	lines := make([]BankLine, n)
	for i := range lines {
		lines[i] = BankLine{
			ID:        "stmt-" + string(rune('a'+i)),
			Account:   "NL91ABNA0417164300",
			Currency:  "EUR",
			Amount:    int64(1000 * (i + 1)),
			ValueDate: day.AddDate(0, 0, i),
			Reference: "INV " + string(rune('A'+i)),
		}
	}
	return lines
}

func TestReconcileMatches(t *testing.T) {
	defer goleak.VerifyNone(t)

	lines := statement(3)
	store := &fakeStore{entries: []Entry{
		{ID: "e1", Account: lines[0].Account, Currency: "EUR", Amount: 1000, BookedAt: lines[0].ValueDate.Add(-time.Hour), Reference: "inv a"},
		{ID: "e2", Account: lines[1].Account, Currency: "EUR", Amount: 2000, BookedAt: lines[1].ValueDate.Add(time.Hour)},
	}}
	r := New(store, WithWorkers(2))

	rep, err := r.Reconcile(context.Background(), lines)
	if err != nil {
		t.Fatalf("Reconcile: %v", err)
	}
	if len(rep.Matched) != 2 || len(rep.Unmatched) != 1 {
		t.Fatalf("got %d matched, %d unmatched; want 2 and 1", len(rep.Matched), len(rep.Unmatched))
	}
	if !rep.Matched[0].ByReference || rep.Matched[1].ByReference {
		t.Fatalf("unexpected reference flags: %+v", rep.Matched)
	}
	if rep.Unmatched[0].ID != lines[2].ID {
		t.Fatalf("unmatched line = %s, want %s", rep.Unmatched[0].ID, lines[2].ID)
	}
}

func TestReconcileStoreUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{err: errUnavailable}
	r := New(store, WithWorkers(2))

	rep, err := r.Reconcile(context.Background(), statement(8))
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("Reconcile error = %v, want %v", err, errUnavailable)
	}
	if rep != nil {
		t.Fatalf("Reconcile returned a report on failure: %+v", rep)
	}
}
