package casktrack

import (
	"context"
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type exciseLedger struct {
	mu      sync.Mutex
	entries []Entry
}

func (l *exciseLedger) Record(ctx context.Context, entries []Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entries...)
	return nil
}

func TestSpringStocktake(t *testing.T) {
	defer goleak.VerifyNone(t)

	ledger := &exciseLedger{}
	tr, err := New(Config{
		Ledger:        ledger,
		FlushInterval: time.Hour,
		CloseTimeout:  500 * time.Millisecond,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer tr.Close()

	filled := time.Date(2015, time.April, 14, 0, 0, 0, 0, time.UTC)
	casks := []Cask{
		{ID: "W4-0117", Wood: ExBourbon, CapacityL: 250, FilledAt: filled, ABV: 63.5, Litres: 250,
			Location: Location{Warehouse: "W4", Bay: 2, Tier: 1}},
		{ID: "W4-0118", Wood: SherryButt, CapacityL: 500, FilledAt: filled, ABV: 63.5, Litres: 490,
			Location: Location{Warehouse: "W4", Bay: 2, Tier: 2}},
		{ID: "W4-0119", Wood: RefillHogs, CapacityL: 250, FilledAt: filled, ABV: 63.5, Litres: 245,
			Location: Location{Warehouse: "W4", Bay: 3, Tier: 1}},
	}
	for _, c := range casks {
		if err := tr.Fill(c); err != nil {
			t.Fatalf("fill %s: %v", c.ID, err)
		}
	}

	// The sherry butt is rolled from dunnage W4 to the racked warehouse.
	if err := tr.Move("W4-0118", Location{Warehouse: "R1", Bay: 7, Tier: 9},
		filled.AddDate(3, 0, 0)); err != nil {
		t.Fatalf("move: %v", err)
	}

	stocktake := filled.AddDate(8, 0, 0)
	share, err := tr.Regauge("W4-0117", Gauging{At: stocktake, Litres: 233.5, ABV: 57.1, By: "AM"})
	if err != nil {
		t.Fatalf("regauge W4-0117: %v", err)
	}
	if math.Abs(share-0.02) > 0.001 {
		t.Errorf("angels' share = %.3f a year, want about 0.020", share)
	}

	// The warehouseman dropped the leading zero on the dip sheet.
	if _, err := tr.Regauge("W4-117", Gauging{At: stocktake, Litres: 229, ABV: 56.8, By: "AM"}); !errors.Is(err, ErrUnknownCask) {
		t.Fatalf("regauge W4-117: err = %v, want ErrUnknownCask", err)
	}

	c, err := tr.Lookup("W4-0117")
	if err != nil {
		t.Fatalf("lookup: %v", err)
	}
	if c.Litres != 233.5 || c.ABV != 57.1 {
		t.Errorf("W4-0117 holds %.1fL at %.1f%%, want 233.5L at 57.1%%", c.Litres, c.ABV)
	}
}
