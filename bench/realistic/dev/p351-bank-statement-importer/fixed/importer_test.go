package importer

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

type fakeBank struct {
	statements map[string]string
}

func (b *fakeBank) Statement(ctx context.Context, account string, period Period) (io.ReadCloser, error) {
	s, ok := b.statements[account]
	if !ok {
		return nil, fmt.Errorf("account %s: 404 not found", account)
	}
	return io.NopCloser(strings.NewReader(s)), nil
}

type fakeLedger struct {
	known map[string]map[string]bool

	mu     sync.Mutex
	booked map[string][]Transaction
}

func (l *fakeLedger) KnownRefs(ctx context.Context, account string, period Period) (map[string]bool, error) {
	return l.known[account], nil
}

func (l *fakeLedger) Book(ctx context.Context, account string, txs []Transaction) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.booked[account] = append(l.booked[account], txs...)
	return nil
}

const goodStatement = "\xEF\xBB\xBF#account,DE01\r\n" +
	"#currency,EUR\r\n" +
	"#opening,1200.00\r\n" +
	"#closing,1187.40\r\n" +
	"\r\n" +
	"date,ref,description,amount\r\n" +
	"2024-03-01,TX1001,Card payment,-12.60\r\n" +
	"2024-03-02,TX1002,Salary,2000.00\r\n" +
	"2024-03-03,TX1003,Rent,-2000.00\r\n"

// longStatement has a row with a broken amount early on, followed by a
// month of ordinary card payments.
func longStatement() string {
	var b strings.Builder
	b.WriteString("#account,FR76\n#currency,EUR\n#opening,500.00\n#closing,0.00\n")
	b.WriteString("date,ref,description,amount\n")
	b.WriteString("2024-03-01,C0001,Bakery,-4.20\n")
	b.WriteString("2024-03-01,C0002,Pharmacy,-1O.00\n") // letter O instead of zero
	for i := 3; i <= 60; i++ {
		fmt.Fprintf(&b, "2024-03-%02d,C%04d,Card payment,-1.00\n", i/2, i)
	}
	return b.String()
}

func TestRunReportsMalformedStatement(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &fakeLedger{
		known:  map[string]map[string]bool{"DE01": {"TX1001": true}},
		booked: make(map[string][]Transaction),
	}
	im, err := New(Config{
		Banks: map[string]BankClient{
			"acme": &fakeBank{statements: map[string]string{"DE01": goodStatement}},
			"zeta": &fakeBank{statements: map[string]string{"FR76": longStatement()}},
		},
		Ledger:      ledger,
		Parallelism: 2,
	})
	if err != nil {
		t.Fatal(err)
	}

	march := Period{
		From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		To:   time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC),
	}
	reports, err := im.Run(context.Background(), []Account{
		{BankID: "zeta", Number: "FR76", Currency: "EUR"},
		{BankID: "acme", Number: "DE01", Currency: "EUR"},
	}, march)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(reports) != 2 {
		t.Fatalf("got %d reports, want 2", len(reports))
	}

	acme, zeta := reports[0], reports[1]
	if acme.Err != nil {
		t.Fatalf("acme import: %v", acme.Err)
	}
	if want := (Summary{Parsed: 3, Booked: 2, Duplicates: 1, Net: -1260}); acme.Summary != want {
		t.Fatalf("acme summary = %+v, want %+v", acme.Summary, want)
	}
	if !errors.Is(zeta.Err, ErrMalformed) {
		t.Fatalf("zeta import error = %v, want ErrMalformed", zeta.Err)
	}
	if !strings.Contains(zeta.Err.Error(), "line 7") {
		t.Fatalf("zeta import error %q does not name the bad line", zeta.Err)
	}

	ledger.mu.Lock()
	defer ledger.mu.Unlock()
	if len(ledger.booked["DE01"]) != 2 || len(ledger.booked["FR76"]) != 0 {
		t.Fatalf("booked = %v", ledger.booked)
	}
}
