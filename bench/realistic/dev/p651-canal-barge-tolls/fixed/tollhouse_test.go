package tolls

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memLedger struct {
	mu       sync.Mutex
	receipts []Receipt
}

func (l *memLedger) Post(ctx context.Context, r Receipt) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.receipts = append(l.receipts, r)
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

var standardTariff = Tariff{
	LockageCents:      1850,
	LadenPerTonne:     4,
	EmptyPerTonne:     1,
	PleasureFlatCents: 1200,
	NightSurchargePct: 25,
	NightFrom:         22,
	NightTo:           6,
}

func TestDayOfLockages(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &memLedger{}
	h, err := New(Config{
		Locks: []LockConfig{
			{ID: "L1", Name: "Marsh Lane Lock", Tariff: standardTariff},
			{ID: "L2", Name: "Hatton Flight", Tariff: standardTariff},
		},
		Ledger:         ledger,
		Logger:         testLogger{t},
		DefaultTariff:  standardTariff,
		AcceptUnlisted: true,
	})
	if err != nil {
		t.Fatal(err)
	}

	day := time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC)
	gravel := Barge{ENI: "02324567", Name: "Vrouwe Johanna", Operator: "Kieswerk Noord", Kind: MotorBarge, DeadweightT: 1350, CargoT: 1100}
	empty := Barge{ENI: "06003120", Name: "Rhenus 12", Operator: "Rhenus", Kind: PushedBarge, DeadweightT: 2800}
	narrowboat := Barge{ENI: "P-88211", Name: "Kingfisher", Kind: PleasureCraft}
	dredger := Barge{ENI: "09000001", Name: "CRT Dredger 4", Kind: ServiceVessel, DeadweightT: 300}

	passages := []Passage{
		{Barge: gravel, LockID: "L1", Upbound: true, At: day.Add(7 * time.Hour)},
		{Barge: gravel, LockID: "L2", Upbound: true, At: day.Add(9 * time.Hour)},
		{Barge: narrowboat, LockID: "L1", At: day.Add(11 * time.Hour)},
		{Barge: dredger, LockID: "L1", At: day.Add(12 * time.Hour)},
		{Barge: empty, LockID: "L7", At: day.Add(23 * time.Hour)},
	}

	ctx := context.Background()
	var got []Receipt
	for _, p := range passages {
		r, err := h.Charge(ctx, p)
		if err != nil {
			t.Fatalf("charge %s at %s: %v", p.Barge.Name, p.LockID, err)
		}
		got = append(got, r)
	}

	want := []struct {
		number string
		cents  int64
	}{
		{"L1-000001", 1850 + 1100*4 + 250},
		{"L2-000001", 1850 + 1100*4 + 250},
		{"L1-000002", 1200},
		{"L1-000003", 0},
		{"L7-000001", (1850 + 2800) * 125 / 100},
	}
	for i, w := range want {
		if got[i].Number != w.number || got[i].AmountCents != w.cents {
			t.Errorf("receipt %d = %s %d cents, want %s %d cents", i, got[i].Number, got[i].AmountCents, w.number, w.cents)
		}
	}

	totals := h.Totals()
	if len(totals) == 0 || totals[0].LockID != "L1" || totals[0].Receipts != 3 {
		t.Errorf("totals = %+v", totals)
	}

	h.Close()
	if _, err := h.Charge(ctx, passages[0]); err != ErrClosed {
		t.Errorf("charge after close: %v, want ErrClosed", err)
	}

	ledger.mu.Lock()
	if len(ledger.receipts) != len(passages) {
		t.Errorf("ledger has %d receipts, want %d", len(ledger.receipts), len(passages))
	}
	ledger.mu.Unlock()
}
