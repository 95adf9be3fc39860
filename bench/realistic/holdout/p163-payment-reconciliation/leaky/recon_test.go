package recon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeFiles map[string]string

func (f fakeFiles) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	s, ok := f[name]
	if !ok {
		return nil, fmt.Errorf("open %s: no such file", name)
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

var errLedgerUnavailable = errors.New("ledger: 503 service unavailable")

type fakeLedger struct {
	mu      sync.Mutex
	entries map[string][]Entry
	failOn  string
	settled map[string]string
}

func (l *fakeLedger) Lookup(ctx context.Context, ref string) ([]Entry, error) {
	if ref == l.failOn {
		return nil, errLedgerUnavailable
	}
	return l.entries[ref], nil
}

func (l *fakeLedger) MarkSettled(ctx context.Context, id, file string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.settled[id] = file
	return nil
}

func (l *fakeLedger) Unsettled(ctx context.Context, acquirer string, day time.Time) ([]Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Entry
	for _, es := range l.entries {
		for _, e := range es {
			if _, ok := l.settled[e.ID]; !ok {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

const settlementFile = `reference,amount,currency,value_date,fee
PAY-1001,120.00,EUR,2024-05-02,0.35
PAY-1002,9.99,EUR,2024-05-02,0.05
PAY-1003,45.10,EUR,2024-05-02,0.20
PAY-1004,300.00,EUR,2024-05-02,1.10
`

func TestRunFailsWhenLedgerIsUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	booked := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	ledger := &fakeLedger{
		entries: map[string][]Entry{
			"PAY-1001": {{ID: "e1", Reference: "PAY-1001", Amount: 12000, Currency: "EUR", BookedAt: booked}},
			"PAY-1002": {{ID: "e2", Reference: "PAY-1002", Amount: 999, Currency: "EUR", BookedAt: booked}},
			"PAY-1004": {{ID: "e4", Reference: "PAY-1004", Amount: 30000, Currency: "EUR", BookedAt: booked}},
		},
		failOn:  "PAY-1003",
		settled: map[string]string{},
	}

	var mu sync.Mutex
	var seen []Progress
	job, err := New(Config{
		Files:    fakeFiles{"acme-20240502.csv": settlementFile},
		Ledger:   ledger,
		Acquirer: "acme",
		OnProgress: func(p Progress) {
			mu.Lock()
			seen = append(seen, p)
			mu.Unlock()
		},
		ProgressEvery: 1,
	})
	if err != nil {
		t.Fatal(err)
	}

	rep, err := job.Run(context.Background(), "acme-20240502.csv", booked)
	if !errors.Is(err, errLedgerUnavailable) {
		t.Fatalf("Run = %+v, %v; want ledger error", rep, err)
	}
	if !strings.Contains(err.Error(), "line 4") {
		t.Errorf("error %q does not name the failing line", err)
	}
}
