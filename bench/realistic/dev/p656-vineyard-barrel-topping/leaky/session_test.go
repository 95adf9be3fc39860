package topping

import (
	"context"
	"io"
	"log"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// cellar simulates the wand: while a barrel's valve is open every gauge
// reading finds it a little fuller.
type cellar struct {
	mu      sync.Mutex
	fill    map[string]float64
	open    map[string]bool
	perRead float64
	entries []Entry
}

func (c *cellar) FillPercent(_ context.Context, id string) (float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[id] {
		c.fill[id] = math.Min(100, c.fill[id]+c.perRead)
	}
	return c.fill[id], nil
}

func (c *cellar) Open(_ context.Context, id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open[id] = true
	return nil
}

func (c *cellar) Close(_ context.Context, id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.open[id] = false
	return nil
}

func (c *cellar) Record(_ context.Context, e Entry) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append(c.entries, e)
	return nil
}

func TestWeeklyToppingOfRowB12(t *testing.T) {
	defer goleak.VerifyNone(t)

	c := &cellar{
		fill: map[string]float64{
			"B12-01": 96.0,
			"B12-02": 98.0,
			"B12-03": 95.2,
			"B12-04": 97.0,
		},
		open:    map[string]bool{},
		perRead: 0.6,
	}
	row := []Barrel{
		{ID: "B12-01", Row: "B12", Varietal: "Pinot Noir", Vintage: 2022, CapacityLitres: 228},
		{ID: "B12-02", Row: "B12", Varietal: "Pinot Noir", Vintage: 2022, CapacityLitres: 228},
		{ID: "B12-03", Row: "B12", Varietal: "Pinot Noir", Vintage: 2022, CapacityLitres: 228},
		{ID: "B12-04", Row: "B12", Varietal: "Pinot Noir", Vintage: 2022, CapacityLitres: 228},
	}
	tp, err := New(c, c, c, 60,
		WithTarget(98.5, 97.5),
		WithSampleInterval(2*time.Millisecond),
		WithMaxTopTime(time.Second),
		WithStock("PN22-TOP-3", 20),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	sum, err := tp.TopRow(context.Background(), row)
	if err != nil {
		t.Fatalf("TopRow: %v", err)
	}
	if len(sum.Failed) != 0 {
		t.Fatalf("failed barrels: %v", sum.Failed)
	}
	topped := 0
	for _, r := range sum.Results {
		if r.Skipped {
			if r.BarrelID != "B12-02" {
				t.Errorf("%s skipped at %.1f%%", r.BarrelID, r.FillBefore)
			}
			continue
		}
		topped++
		if r.FillAfter < 98.5 {
			t.Errorf("%s left at %.1f%%", r.BarrelID, r.FillAfter)
		}
	}
	if topped != 3 || len(c.entries) != 3 {
		t.Errorf("topped %d barrels, journal has %d entries, want 3 and 3", topped, len(c.entries))
	}
	if left := tp.Stock(); math.Abs(60-sum.Litres-left) > 1e-9 || left < 40 || left > 50 {
		t.Errorf("stock left %.2f L after drawing %.2f L", left, sum.Litres)
	}
}
