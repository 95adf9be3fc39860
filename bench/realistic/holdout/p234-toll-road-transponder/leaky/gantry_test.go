package gantry

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeAccounts struct {
	accounts map[string]Account
	failing  map[string]error
}

func (f *fakeAccounts) ByTag(ctx context.Context, tagID string) (Account, error) {
	if err, ok := f.failing[tagID]; ok {
		return Account{}, err
	}
	a, ok := f.accounts[tagID]
	if !ok {
		return Account{}, ErrUnknownTag
	}
	return a, nil
}

type fakeHotlist struct{ alerts map[string]Alert }

func (f *fakeHotlist) Check(ctx context.Context, plate string) (Alert, bool, error) {
	a, ok := f.alerts[normalizePlate(plate)]
	return a, ok, nil
}

type memLedger struct {
	mu   sync.Mutex
	txns []Txn
}

func (l *memLedger) Post(ctx context.Context, txn Txn) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.txns = append(l.txns, txn)
	return nil
}

func TestMorningRushWithAccountServiceHiccup(t *testing.T) {
	defer goleak.VerifyNone(t)

	accounts := &fakeAccounts{
		accounts: map[string]Account{
			"TX-1001": {ID: "acct-17", TagID: "TX-1001", Status: StatusActive},
			"TX-1002": {ID: "acct-18", TagID: "TX-1002", Status: StatusActive, DiscountPct: 20},
			"TX-1004": {ID: "acct-21", TagID: "TX-1004", Status: StatusSuspended},
		},
		failing: map[string]error{
			"TX-1003": errors.New("account service: 503 service unavailable"),
		},
	}
	hotlist := &fakeHotlist{alerts: map[string]Alert{
		"KJX4471": {Plate: "KJX4471", Agency: "state police", Reason: "reported stolen"},
	}}
	ledger := &memLedger{}
	g, err := New("gantry-14N", accounts, hotlist, ledger,
		WithLogger(log.New(io.Discard, "", 0)),
		WithLookupTimeout(100*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	rush := time.Date(2024, 3, 12, 7, 42, 0, 0, time.UTC)
	reads := []TagRead{
		{TagID: "TX-1001", Plate: "ABC 123", Lane: 1, Class: ClassCar, At: rush},
		{TagID: "TX-1001", Plate: "ABC 123", Lane: 1, Antenna: 2, Class: ClassCar, At: rush.Add(40 * time.Millisecond)},
		{TagID: "TX-1002", Plate: "JRT 552", Lane: 2, Class: ClassLightTruck, At: rush.Add(time.Second)},
		{TagID: "TX-1003", Plate: "MNB 908", Lane: 3, Class: ClassCar, At: rush.Add(2 * time.Second)},
		{Plate: "kjx 4471", Lane: 2, Class: ClassCar, At: rush.Add(3 * time.Second)},
		{TagID: "TX-1004", Plate: "QWE 300", Lane: 1, Class: ClassHeavyTruck, At: rush.Add(4 * time.Second)},
		{TagID: "TX-9999", Plate: "ZZT 010", Lane: 3, Class: ClassMotorcycle, At: rush.Add(5 * time.Second)},
	}
	ch := make(chan TagRead)
	done := make(chan error, 1)
	go func() { done <- g.Run(context.Background(), ch) }()
	for _, r := range reads {
		ch <- r
	}
	close(ch)
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	st := g.Stats()
	want := Stats{Reads: 7, Posted: 5, VideoTolls: 3, Flagged: 1, Duplicates: 1, LookupErrors: 1}
	if st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	ledger.mu.Lock()
	defer ledger.mu.Unlock()
	if len(ledger.txns) != 5 {
		t.Fatalf("ledger has %d transactions, want 5", len(ledger.txns))
	}
	if got := ledger.txns[1].AmountCents; got != 456 {
		t.Errorf("discounted peak light-truck toll = %d, want 456", got)
	}
}
