package refill

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeInsurer struct {
	mu        sync.Mutex
	needsPA   map[string]bool // by NDC
	submitted int
}

func (f *fakeInsurer) Adjudicate(ctx context.Context, c Claim) (Decision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.submitted++
	if f.needsPA[c.NDC] {
		return Decision{}, fmt.Errorf("payer reject 75: %w", ErrPriorAuthRequired)
	}
	return Decision{Reference: fmt.Sprintf("CLM-%d", f.submitted), Copay: 10}, nil
}

type recordingNotifier struct {
	mu       sync.Mutex
	overdue  []string
	returned []string
}

func (n *recordingNotifier) Overdue(r Refill) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.overdue = append(n.overdue, r.ID)
}

func (n *recordingNotifier) ReturnedToStock(r Refill) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.returned = append(n.returned, r.ID)
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestCounterShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	today := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	ins := &fakeInsurer{needsPA: map[string]bool{"00169-4132-12": true}}
	q, err := New(Config{
		SweepEvery: 2 * time.Millisecond,
		Now:        func() time.Time { return today },
		Logger:     testLogger{t},
	}, ins, &recordingNotifier{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	lisinopril := Request{RxNumber: "RX1001", PatientID: "P-77", NDC: "68180-0514-01", Quantity: 30, DaysSupply: 30,
		RefillsRemaining: 3, LastFilled: today.AddDate(0, 0, -27)}
	r1, err := q.Submit(ctx, lisinopril)
	if err != nil {
		t.Fatalf("submit lisinopril: %v", err)
	}
	if _, err := q.Submit(ctx, lisinopril); !errors.Is(err, ErrDuplicate) {
		t.Fatalf("duplicate submit: %v", err)
	}
	early := Request{RxNumber: "RX1002", PatientID: "P-77", NDC: "00093-7146-56", Quantity: 90, DaysSupply: 90,
		RefillsRemaining: 1, LastFilled: today.AddDate(0, 0, -30)}
	if _, err := q.Submit(ctx, early); !errors.Is(err, ErrTooSoon) {
		t.Fatalf("early submit: %v", err)
	}
	if err := q.MarkReady(r1.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := q.PickUp(r1.ID); err != nil || got.Copay != 10 {
		t.Fatalf("pickup = %+v, %v", got, err)
	}

	glp1 := Request{RxNumber: "RX1003", PatientID: "P-81", NDC: "00169-4132-12", Quantity: 1, DaysSupply: 28,
		RefillsRemaining: 5, LastFilled: today.AddDate(0, 0, -28)}
	held, err := q.Submit(ctx, glp1)
	if !errors.Is(err, ErrPriorAuthRequired) || held.Status != StatusOnHold {
		t.Fatalf("submit glp1 = %+v, %v", held, err)
	}

	time.Sleep(10 * time.Millisecond)
	cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := q.Close(cctx); err != nil {
		t.Errorf("close: %v", err)
	}
}
