package grainledger

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type clerkOffice struct {
	mu      sync.Mutex
	saved   map[string]Statement
	offline bool
}

func (c *clerkOffice) Save(ctx context.Context, st Statement) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.offline {
		return errors.New("clerk's office: ledger book out for binding")
	}
	c.saved[st.Reference] = st
	return nil
}

func (c *clerkOffice) setOffline(v bool) {
	c.mu.Lock()
	c.offline = v
	c.mu.Unlock()
}

func TestHarvestSeasonSettlement(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	office := &clerkOffice{saved: map[string]Statement{}}
	day := time.Date(1871, time.September, 4, 7, 0, 0, 0, time.UTC)
	l, err := New(Config{
		Season:       "1871",
		TollFraction: 1.0 / 16,
		Extraction:   map[Crop]float64{Wheat: 0.75, Barley: 0.65, Rye: 0.7},
		FeePerKgP:    map[Crop]float64{Wheat: 0.5, Barley: 0.4, Rye: 0.4},
		CarryOverKg:  50,
	}, office, WithLogger(log.New(os.Stderr, "mill ", 0)), WithClock(func() time.Time { return day }))
	if err != nil {
		t.Fatal(err)
	}

	deliveries := []Delivery{
		{Farmer: "Ashby", Crop: Wheat, Kg: 480},
		{Farmer: "Brook", Crop: Rye, Kg: 320},
		{Farmer: "Ashby", Crop: Barley, Kg: 160},
		{Farmer: "Cotter", Crop: Wheat, Kg: 240},
		{Farmer: "Brook", Crop: Wheat, Kg: 96},
	}
	for _, d := range deliveries {
		if err := l.Record(ctx, d); err != nil {
			t.Fatalf("record %+v: %v", d, err)
		}
	}
	if err := l.Record(ctx, Delivery{Farmer: "Cotter", Crop: Oats, Kg: 60}); !errors.Is(err, ErrUnknownCrop) {
		t.Fatalf("oats: got %v, want ErrUnknownCrop", err)
	}

	bal, err := l.Collect(ctx, "Ashby", 300)
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	if _, err := l.Collect(ctx, "Ashby", bal.Outstanding()+10); !errors.Is(err, ErrOverdrawn) {
		t.Fatalf("overdraw: got %v", err)
	}

	st, err := l.Settle(ctx, "Ashby")
	if err != nil {
		t.Fatalf("settle Ashby: %v", err)
	}
	if st.Balance.Deliveries != 2 || st.CarriedKg != 50 {
		t.Fatalf("Ashby statement: %+v", st)
	}

	office.setOffline(true)
	if _, err := l.Settle(ctx, "Brook"); !errors.Is(err, ErrDeferred) {
		t.Fatalf("settle Brook: got %v, want ErrDeferred", err)
	}
	if _, err := l.Balance(ctx, "Brook"); !errors.Is(err, ErrUnknownFarmer) {
		t.Fatalf("Brook still has an account: %v", err)
	}
	office.setOffline(false)

	if err := l.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if len(office.saved) != 2 {
		t.Fatalf("%d statements stored, want 2", len(office.saved))
	}
	if err := l.Record(ctx, Delivery{Farmer: "Dale", Crop: Wheat, Kg: 10}); !errors.Is(err, ErrClosed) {
		t.Fatalf("record after close: %v", err)
	}
}
