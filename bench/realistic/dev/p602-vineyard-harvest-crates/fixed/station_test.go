package crushpad

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeScale struct {
	mu      sync.Mutex
	weights map[string]float64
	faulty  map[string]bool
	weighed []string
}

func (s *fakeScale) Weigh(ctx context.Context, id string) (float64, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faulty[id] {
		return 0, fmt.Errorf("load cell unstable while weighing %s", id)
	}
	s.weighed = append(s.weighed, id)
	return s.weights[id], nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...interface{}) { l.t.Logf(format, args...) }

func TestHarvestMorningWithRotQuarantine(t *testing.T) {
	defer goleak.VerifyNone(t)

	picked := time.Date(2023, 9, 21, 6, 30, 0, 0, time.UTC)
	scale := &fakeScale{weights: map[string]float64{}, faulty: map[string]bool{}}
	crates := []Crate{
		{ID: "B3-001", Block: "B3", Variety: "Chardonnay", Brix: 22.4, RotPercent: 1},
		{ID: "B7-001", Block: "B7", Variety: "Syrah", Brix: 24.8, RotPercent: 0},
		{ID: "B3-002", Block: "B3", Variety: "Chardonnay", Brix: 22.9, RotPercent: 2, MOGPercent: 3},
		{ID: "B9-001", Block: "B9", Variety: "Pinot Noir", Brix: 23.1, RotPercent: 0},
		{ID: "B7-002", Block: "B7", Variety: "Syrah", Brix: 25.0, RotPercent: 12},
		{ID: "B3-003", Block: "B3", Variety: "Chardonnay", Brix: 19.5, RotPercent: 0},
		{ID: "B7-003", Block: "B7", Variety: "Syrah", Brix: 24.6, RotPercent: 1},
		{ID: "B9-002", Block: "B9", Variety: "Pinot Noir", Brix: 23.4, RotPercent: 1},
		{ID: "B9-003", Block: "B9", Variety: "Pinot Noir", Brix: 23.0, RotPercent: 0},
	}
	for i := range crates {
		crates[i].PickedAt = picked.Add(time.Duration(i) * 4 * time.Minute)
		scale.weights[crates[i].ID] = 13.8 + float64(i%3)*0.4
	}
	scale.faulty["B9-003"] = true

	st, err := NewStation(context.Background(), Config{
		Scale:         scale,
		TareKg:        1.8,
		MinBrix:       21,
		MaxRotPercent: 8,
		LaneBuffer:    4,
		WeighTimeout:  time.Second,
		Logger:        testLogger{t},
	})
	if err != nil {
		t.Fatal(err)
	}

	var quarantined, underripe int
	for _, c := range crates {
		err := st.Submit(c)
		switch {
		case err == nil:
		case errors.Is(err, ErrBlockQuarantined):
			quarantined++
		case errors.Is(err, ErrUnderripe):
			underripe++
		default:
			t.Fatalf("submit %s: %v", c.ID, err)
		}
	}
	if quarantined != 2 || underripe != 1 {
		t.Fatalf("quarantined=%d underripe=%d, want 2 and 1", quarantined, underripe)
	}

	tallies := st.Close()
	if err := st.Submit(Crate{ID: "B3-004", Block: "B3", Brix: 22}); !errors.Is(err, ErrStationClosed) {
		t.Fatalf("submit after close: %v", err)
	}

	want := map[string]struct {
		crates, rejected, unweighed int
		quarantined                 bool
	}{
		"B3": {2, 1, 0, false},
		"B7": {1, 2, 0, true},
		"B9": {2, 0, 1, false},
	}
	if len(tallies) != len(want) {
		t.Fatalf("got %d tallies, want %d: %+v", len(tallies), len(want), tallies)
	}
	for _, tl := range tallies {
		w := want[tl.Block]
		if tl.Crates != w.crates || tl.Rejected != w.rejected || tl.Unweighed != w.unweighed || tl.Quarantined != w.quarantined {
			t.Errorf("block %s: got %+v, want %+v", tl.Block, tl, w)
		}
		t.Logf("block %s: %d crates, %.3f t at %.1f brix", tl.Block, tl.Crates, tl.Tonnes(), tl.MeanBrix())
	}
	if b3 := tallies[0]; math.Abs(b3.MeanBrix()-22.66) > 0.05 {
		t.Errorf("B3 mean brix = %.2f", b3.MeanBrix())
	}
}
