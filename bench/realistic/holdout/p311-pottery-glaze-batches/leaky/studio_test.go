package glaze

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type shelf struct {
	mu    sync.Mutex
	stock map[string]float64
}

func (s *shelf) Reserve(material string, grams float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	have := s.stock[material]
	if have < grams {
		return fmt.Errorf("%.0fg on shelf, need %.0fg", have, grams)
	}
	s.stock[material] = have - grams
	return nil
}

type benchScale struct {
	mu     sync.Mutex
	scoops int
}

func (b *benchScale) Weigh(ctx context.Context, material string, grams float64) (float64, error) {
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.scoops++
	if grams > 50 && b.scoops%2 == 1 {
		return math.Round(grams*0.97*10) / 10, nil
	}
	return grams, nil
}

func fullShelf() *shelf {
	return &shelf{stock: map[string]float64{
		"Custer Feldspar": 20000, "Silica": 20000, "Whiting": 10000, "EPK": 10000,
		"Red Iron Oxide": 2000, "Copper Carbonate": 500, "Nepheline Syenite": 10000,
		"Soda Ash": 1000, "Spodumene": 5000,
	}}
}

var (
	tenmoku = Recipe{Name: "Tenmoku", Cone: "10",
		Base: []Ingredient{
			{"Custer Feldspar", 45}, {"Silica", 25}, {"Whiting", 18}, {"EPK", 12},
		},
		Additions: []Ingredient{{"Red Iron Oxide", 10}},
	}
	copperRed = Recipe{Name: "Copper Red", Cone: "10",
		Base: []Ingredient{
			{"Custer Feldspar", 42}, {"Silica", 30}, {"Whiting", 17}, {"EPK", 11},
		},
		Additions: []Ingredient{{"Copper Carbonate", 0.5}},
	}
	shino = Recipe{Name: "Malcolm Davis Shino", Cone: "10",
		Base: []Ingredient{
			{"Nepheline Syenite", 32.8}, {"Spodumene", 11.9}, {"Soda Ash", 3.3}, {"EPK", 52},
		},
	}
)

func newTestStudio(t *testing.T, inv Inventory) *Studio {
	t.Helper()
	s, err := NewStudio(Config{
		Mixers:       2,
		ToleranceG:   0.5,
		WeighTimeout: time.Second,
		Logger:       log.New(testWriter{t}, "glaze: ", 0),
	}, &benchScale{}, inv)
	if err != nil {
		t.Fatalf("NewStudio: %v", err)
	}
	s.Start()
	return s
}

func collect(t *testing.T, results <-chan Result, n int) map[string]Result {
	t.Helper()
	got := make(map[string]Result)
	for len(got) < n {
		select {
		case r := <-results:
			got[r.BatchID] = r
		case <-time.After(2 * time.Second):
			t.Fatalf("only %d of %d batches finished", len(got), n)
		}
	}
	return got
}

func TestOutOfStockBatchFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	inv := fullShelf()
	inv.stock["Copper Carbonate"] = 2
	s := newTestStudio(t, inv)
	results := make(chan Result, 4)
	report := func(r Result) { results <- r }

	if err := s.Submit(BatchRequest{ID: "CR-9", Recipe: copperRed, DryGrams: 1000}, report); err != nil {
		t.Fatal(err)
	}
	got := collect(t, results, 1)
	if err := got["CR-9"].Err; !errors.Is(err, ErrOutOfStock) {
		t.Fatalf("CR-9: got %v, want ErrOutOfStock", err)
	}
	s.Shutdown()
}

func TestShutdownDuringExtractionFault(t *testing.T) {
	s := newTestStudio(t, fullShelf())
	results := make(chan Result, 8)
	report := func(r Result) { results <- r }

	for _, req := range []BatchRequest{
		{ID: "T-1", Recipe: tenmoku, DryGrams: 2000},
		{ID: "CR-1", Recipe: copperRed, DryGrams: 1500},
	} {
		if err := s.Submit(req, report); err != nil {
			t.Fatalf("submit %s: %v", req.ID, err)
		}
	}
	got := collect(t, results, 2)
	for id, r := range got {
		if r.Err != nil {
			t.Fatalf("%s: %v", id, r.Err)
		}
		var total float64
		for _, w := range r.Weighings {
			total += w.Actual
		}
		t.Logf("%s mixed on %d: %.1fg dry, %.1fg water", id, r.Mixer, total, r.WaterGrams)
	}
	if w := got["T-1"].Weighings; len(w) != 5 || w[0].Material != "Custer Feldspar" || math.Abs(w[0].Actual-900) > 0.5 {
		t.Errorf("T-1 weighings = %+v", w)
	}

	s.Pause("dust extraction fault")
	if err := s.Submit(BatchRequest{ID: "SH-1", Recipe: shino, DryGrams: 3000}, report); err != nil {
		t.Fatalf("submit while paused: %v", err)
	}
	if st := s.Status(); !st.Paused || len(st.Queued) != 1 {
		t.Fatalf("status while paused = %+v", st)
	}

	s.Shutdown()
	if err := s.Submit(BatchRequest{ID: "T-2", Recipe: tenmoku, DryGrams: 500}, report); !errors.Is(err, ErrClosed) {
		t.Fatalf("submit after shutdown: got %v, want ErrClosed", err)
	}
	if st := s.Status(); !st.Closed || len(st.Queued) != 1 || st.Queued[0] != "SH-1" {
		t.Fatalf("status after shutdown = %+v", st)
	}

	goleak.VerifyNone(t)
}
