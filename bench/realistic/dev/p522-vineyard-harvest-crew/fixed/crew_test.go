package harvest

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fieldPicker struct {
	mu     sync.Mutex
	kgRow  float64
	brix   map[int]float64
	picked map[int]string
	delay  time.Duration
}

func (f *fieldPicker) Pick(ctx context.Context, picker string, row Row) (float64, float64, error) {
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.picked == nil {
		f.picked = make(map[int]string)
	}
	f.picked[row.Number] = picker
	brix := 23.5
	if b, ok := f.brix[row.Number]; ok {
		brix = b
	}
	return f.kgRow * float64(row.Vines) / 100, brix, nil
}

func TestHarvestWholeBlock(t *testing.T) {
	defer goleak.VerifyNone(t)

	p := &fieldPicker{kgRow: 150, brix: map[int]float64{3: 18.0}, delay: time.Millisecond}
	crew, err := New(Config{Name: "north", Size: 3, MinBrix: 21}, p)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBlock("B4", "Pinot Noir", 8, 100, 0)
	rep, err := crew.Harvest(context.Background(), b)
	if err != nil {
		t.Fatalf("Harvest: %v", err)
	}
	if rep.Rows != 7 || rep.Kg != 7*150 {
		t.Fatalf("unexpected report: %s", rep.Summary())
	}
	if _, ok := rep.Skipped[3]; !ok {
		t.Fatalf("unripe row 3 not skipped: %s", rep.Summary())
	}
}

func TestHarvestStopsAtPressQuota(t *testing.T) {
	defer goleak.VerifyNone(t)

	p := &fieldPicker{kgRow: 120, delay: 2 * time.Millisecond}
	var updates int
	crew, err := New(Config{Name: "south", Size: 3, MinBrix: 21, Retries: 1}, p,
		WithProgress(func(Report) { updates++ }))
	if err != nil {
		t.Fatal(err)
	}

	b := NewBlock("C1", "Chardonnay", 12, 100, 450)
	rep, err := crew.Harvest(context.Background(), b)
	if err != nil {
		t.Fatalf("Harvest: %v", err)
	}
	if !rep.QuotaMet {
		t.Fatalf("quota not met: %s", rep.Summary())
	}
	if rep.Rows != 4 || rep.Kg < b.QuotaKg {
		t.Fatalf("unexpected report: %s", rep.Summary())
	}
	if updates != rep.Rows {
		t.Fatalf("%d progress updates for %d rows", updates, rep.Rows)
	}
	if mb := rep.MeanBrix(); mb < 23 || mb > 24 {
		t.Fatalf("mean Brix %.2f", mb)
	}
}
