package statements

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeLedger struct {
	name string
	txs  []Transaction
}

func (l *fakeLedger) Name() string { return l.name }

func (l *fakeLedger) Transactions(ctx context.Context, accountID string, p Period) ([]Transaction, error) {
	var out []Transaction
	for _, t := range l.txs {
		if t.AccountID == accountID && !t.Posted.Before(p.From) && t.Posted.Before(p.To) {
			out = append(out, t)
		}
	}
	return out, nil
}

type fakeDirectory map[string]Account

func (d fakeDirectory) Account(ctx context.Context, id string, asOf time.Time) (Account, error) {
	a, ok := d[id]
	if !ok {
		return Account{}, errors.New("not found")
	}
	return a, nil
}

var errDenied = errors.New("access denied")

// fakeArchive rejects writes under a read-only prefix before reading the
// body, the way an object store rejects an unauthorised upload.
type fakeArchive struct {
	readOnly string
	stored   map[string]string
}

func (a *fakeArchive) Put(ctx context.Context, key, contentType string, r io.Reader) error {
	if strings.HasPrefix(key, a.readOnly) {
		return errDenied
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	a.stored[key] = string(b)
	return nil
}

func TestGenerateArchiveDenied(t *testing.T) {
	defer goleak.VerifyNone(t)

	april := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	p := Period{From: april, To: april.AddDate(0, 1, 0)}
	core := &fakeLedger{name: "core", txs: []Transaction{
		{ID: "t1", AccountID: "acc-1", Posted: april.Add(24 * time.Hour), Amount: -1250, Description: "Coffee (card)"},
		{ID: "t2", AccountID: "acc-1", Posted: april.Add(48 * time.Hour), Amount: 250000, Description: "Salary"},
	}}
	cards := &fakeLedger{name: "cards", txs: []Transaction{
		{ID: "t1", AccountID: "acc-1", Posted: april.Add(24 * time.Hour), Amount: -1250, Description: "Coffee (card)"},
		{ID: "c9", AccountID: "acc-1", Posted: april.Add(72 * time.Hour), Amount: -4599, Description: "Books"},
	}}
	archive := &fakeArchive{readOnly: "frozen/", stored: map[string]string{}}

	g, err := New(Config{
		Ledgers:   []Ledger{core, cards},
		Accounts:  fakeDirectory{"acc-1": {ID: "acc-1", Holder: "A. Customer", Currency: "EUR", OpeningBalance: 10000}},
		Archive:   archive,
		KeyPrefix: "frozen/",
		Now:       func() time.Time { return april },
	})
	if err != nil {
		t.Fatal(err)
	}

	_, err = g.Generate(context.Background(), "acc-1", p)
	if !errors.Is(err, errDenied) {
		t.Fatalf("Generate error = %v, want %v", err, errDenied)
	}

	archive.readOnly = "\x00"
	key, err := g.Generate(context.Background(), "acc-1", p)
	if err != nil {
		t.Fatal(err)
	}
	doc := archive.stored[key]
	if !strings.HasPrefix(doc, "%PDF-1.4") || !strings.Contains(doc, "Closing balance 2541.51 EUR") {
		t.Fatalf("unexpected document for %s:\n%s", key, doc)
	}
}
