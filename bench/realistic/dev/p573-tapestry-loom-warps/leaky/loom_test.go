package loom

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type benchSensor struct {
	mu    sync.Mutex
	cN    map[int]float64
	reads []int
}

func (s *benchSensor) Tension(ctx context.Context, warp int) (float64, error) {
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(200 * time.Microsecond):
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads = append(s.reads, warp)
	v, ok := s.cN[warp]
	if !ok {
		return 0, fmt.Errorf("no sensor on warp %d", warp)
	}
	return v, nil
}

func cottonWarps(n int, target float64) []Warp {
	ws := make([]Warp, n)
	for i := range ws {
		ws[i] = Warp{Index: i, Fiber: Cotton, Target: target}
	}
	return ws
}

func TestPrepareSlackWarp(t *testing.T) {
	defer goleak.VerifyNone(t)

	sensor := &benchSensor{cN: map[int]float64{}}
	for i := 0; i < 12; i++ {
		sensor.cN[i] = 100 + float64(i%3)
	}
	sensor.cN[4] = 81 // warp knot slipped overnight

	w, err := NewWeaver(sensor, cottonWarps(12, 100), WithTolerance(0.06), WithReadTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	cartoon := Cartoon{
		Rows: []string{
			"aaaabbbbaaaa",
			"aaaabbbbaaaa",
			"aaabbbbbbaaa",
			"aabbbccbbbaa",
			"aabbbccbbbaa",
		},
		Palette: map[rune]string{'a': "madder red", 'b': "weld yellow", 'c': "indigo"},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = w.Prepare(ctx, cartoon)
	var te *TensionError
	if !errors.As(err, &te) {
		t.Fatalf("Prepare: got %v, want TensionError", err)
	}
	if te.Warp != 4 || !te.Slack() {
		t.Fatalf("got %v, want slack warp 4", te)
	}
}

func TestPlanPasses(t *testing.T) {
	c := Cartoon{
		Rows:    []string{"aabb", "aabb", "aabb", "aabb", "abbb"},
		Palette: map[rune]string{'a': "wool natural", 'b': "wool walnut"},
	}
	p, err := PlanPasses(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Passes) != 10 {
		t.Fatalf("got %d passes, want 10", len(p.Passes))
	}
	if len(p.Slits) != 1 || p.Slits[0].Warp != 1 || p.Slits[0].ToRow != 3 {
		t.Fatalf("unexpected slits %+v", p.Slits)
	}
}
