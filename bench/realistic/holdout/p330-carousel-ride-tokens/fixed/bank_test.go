package tokens

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeGateway struct {
	mu      sync.Mutex
	charges map[string]int
}

func (g *fakeGateway) Charge(_ context.Context, ref string, cents int) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ref == "" {
		return errors.New("no payment method")
	}
	g.charges[ref] += cents
	return nil
}

type memLedger struct {
	mu      sync.Mutex
	entries []LedgerEntry
}

func (l *memLedger) Append(_ context.Context, entries []LedgerEntry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entries...)
	return nil
}

func (l *memLedger) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestFamilyDayAtTheCarousel(t *testing.T) {
	defer goleak.VerifyNone(t)

	gw := &fakeGateway{charges: map[string]int{}}
	ledger := &memLedger{}
	cfg := DefaultConfig()
	cfg.FlushInterval = 10 * time.Millisecond
	cfg.FlushTimeout = 100 * time.Millisecond
	cfg.ShutdownTimeout = 200 * time.Millisecond
	day := time.Date(2024, 7, 14, 11, 0, 0, 0, time.UTC)
	rides := []Ride{
		{ID: "carousel", Name: "Grand Carousel", Price: 3, Open: true},
		{ID: "teacups", Name: "Spinning Teacups", Price: 4, Open: true},
		{ID: "dragon", Name: "Dragon Coaster", Price: 6, Open: false},
	}
	bank, err := New(gw, ledger, rides, WithConfig(cfg), WithLogger(testLogger{t}), WithClock(func() time.Time { return day }))
	if err != nil {
		t.Fatal(err)
	}
	if err := bank.Open(Account{Card: "WB-1041", Balance: 8, AutoTopUp: true, PaymentRef: "visa-77", DailyCap: 3}); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	if _, err := bank.Redeem(ctx, "WB-1041", "dragon"); !errors.Is(err, ErrRideClosed) {
		t.Fatalf("dragon: want ErrRideClosed, got %v", err)
	}
	for i, want := range []int{5, 2, 19} {
		rcpt, err := bank.Redeem(ctx, "WB-1041", "carousel")
		if err != nil {
			t.Fatalf("carousel ride %d: %v", i+1, err)
		}
		if rcpt.Remaining != want {
			t.Fatalf("carousel ride %d: remaining %d, want %d", i+1, rcpt.Remaining, want)
		}
	}
	if bal, err := bank.Balance("WB-1041"); err != nil || bal != 19 {
		t.Fatalf("balance: got %d, %v", bal, err)
	}
	gw.mu.Lock()
	charged := gw.charges["visa-77"]
	gw.mu.Unlock()
	if charged != cfg.BundleCents {
		t.Fatalf("charged %d cents, want %d", charged, cfg.BundleCents)
	}

	deadline := time.Now().Add(time.Second)
	for ledger.len() < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := ledger.len(); n != 4 {
		t.Fatalf("ledger has %d entries, want 4", n)
	}

	if _, err := bank.Redeem(ctx, "WB-1041", "teacups"); !errors.Is(err, ErrDailyCapReached) {
		t.Fatalf("teacups: want ErrDailyCapReached, got %v", err)
	}

	if err := bank.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if n := ledger.len(); n != 4 {
		t.Fatalf("ledger has %d entries after close, want 4", n)
	}
}
