package caskaging

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type recordingBottler struct {
	mu   sync.Mutex
	runs []BottlingRun
}

func (b *recordingBottler) Bottle(ctx context.Context, run BottlingRun) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(5 * time.Millisecond):
	}
	b.mu.Lock()
	b.runs = append(b.runs, run)
	b.mu.Unlock()
	return nil
}

const year = 365 * 24 * time.Hour

func TestWarehouseBottlesMatureCasks(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2012, 3, 1, 9, 0, 0, 0, time.UTC)}
	bottler := &recordingBottler{}
	w, err := NewWarehouse(bottler,
		WithClock(clock),
		WithBottlingLines(2),
		WithInspectionInterval(time.Hour),
		WithLogger(log.New(os.Stderr, "cellar ", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	filled := clock.Now()
	casks := []Cask{
		{ID: "C-0112", Spirit: "Glen Aird", Wood: Sherry, Litres: 500, FillABV: 63.5, FilledAt: filled, TargetAge: 10 * year},
		{ID: "C-0113", Spirit: "Glen Aird", Wood: AmericanOak, Litres: 200, FillABV: 63.5, FilledAt: filled, TargetAge: 12 * year},
		{ID: "C-0114", Spirit: "Glen Aird", Wood: Port, Litres: 550, FillABV: 63.5, FilledAt: filled, TargetAge: 18 * year},
	}
	for _, c := range casks {
		if err := w.Rack(c); err != nil {
			t.Fatalf("rack %s: %v", c.ID, err)
		}
	}
	if err := w.Rack(casks[0]); err == nil {
		t.Fatalf("racking %s twice should fail", casks[0].ID)
	}

	clock.Advance(12*year + 30*24*time.Hour)
	if n := w.InspectNow(); n != 2 {
		t.Fatalf("expected 2 mature casks, got %d", n)
	}

	deadline := time.Now().Add(2 * time.Second)
	for w.Report().Bottled < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("casks not bottled in time: %s", w.Report())
		}
		time.Sleep(5 * time.Millisecond)
	}

	inv := w.Report()
	t.Log(inv)
	if inv.Bottles == 0 || len(inv.Maturing) != 1 || inv.Maturing[0].Wood != Port {
		t.Fatalf("unexpected inventory: %s", inv)
	}

	if err := w.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := w.Rack(Cask{ID: "C-0200", Spirit: "Glen Aird", Wood: Sherry, Litres: 250, FillABV: 63.5, FilledAt: clock.Now(), TargetAge: 10 * year}); err == nil {
		t.Fatal("rack after close should fail")
	}
}
