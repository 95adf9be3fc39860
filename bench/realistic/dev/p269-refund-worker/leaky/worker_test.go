package refund

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeQueue struct {
	mu      sync.Mutex
	pending []Request
	acked   []string
	nacked  []string
}

func (q *fakeQueue) Lease(_ context.Context, max int) ([]Request, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if max > len(q.pending) {
		max = len(q.pending)
	}
	out := append([]Request(nil), q.pending[:max]...)
	q.pending = q.pending[max:]
	return out, nil
}

func (q *fakeQueue) Ack(_ context.Context, id string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.acked = append(q.acked, id)
	return nil
}

func (q *fakeQueue) Nack(_ context.Context, id string, _ time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nacked = append(q.nacked, id)
	return nil
}

type fakeProcessor struct{}

func (fakeProcessor) Refund(_ context.Context, req Request) (Result, error) {
	return Result{
		RequestID:    req.ID,
		ProcessorRef: "re_" + req.ID,
		Status:       StatusSucceeded,
		SettledMinor: req.AmountMinor,
	}, nil
}

type fakeLedger struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (l *fakeLedger) Record(context.Context, Request, Result) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	return l.err
}

type discard struct{}

func (discard) Printf(string, ...interface{}) {}

func TestRunOnceLedgerOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := &fakeQueue{}
	for i := 1; i <= 4; i++ {
		q.pending = append(q.pending, Request{
			ID:          fmt.Sprintf("rf_%d", i),
			PaymentID:   fmt.Sprintf("py_%d", i),
			AmountMinor: int64(1000 * i),
			Currency:    "EUR",
		})
	}
	ledger := &fakeLedger{err: fmt.Errorf("dial ledger: %w", ErrLedgerUnavailable)}

	w, err := New(q, fakeProcessor{}, ledger, WithConcurrency(2), WithBatchSize(10), WithLogger(discard{}))
	if err != nil {
		t.Fatal(err)
	}

	st, err := w.RunOnce(context.Background())
	if !errors.Is(err, ErrLedgerUnavailable) {
		t.Fatalf("RunOnce error = %v, want ErrLedgerUnavailable", err)
	}
	if st.Leased != 4 {
		t.Errorf("leased %d, want 4", st.Leased)
	}
	q.mu.Lock()
	acked := len(q.acked)
	q.mu.Unlock()
	if acked != 0 {
		t.Errorf("acked %d requests after ledger failure, want 0", acked)
	}
	ledger.mu.Lock()
	calls := ledger.calls
	ledger.mu.Unlock()
	if calls != 1 {
		t.Errorf("ledger called %d times, want 1", calls)
	}
}
