package quarry

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type benchDriller struct {
	stone map[string]Stone
	flaws map[string][]Flaw
}

func (d *benchDriller) Cut(ctx context.Context, bench string, seq int) (Block, error) {
	stone, ok := d.stone[bench]
	if !ok {
		return Block{}, fmt.Errorf("no such bench %q", bench)
	}
	var size Dimensions
	switch {
	case stone == Limestone && seq%3 == 0:
		size = Dimensions{50, 30, 10}
	case stone == Limestone:
		size = Dimensions{95, 45, 12}
	case seq%3 == 1:
		size = Dimensions{110, 40, 20}
	case seq%3 == 2:
		size = Dimensions{60, 20, 10}
	default:
		size = Dimensions{130, 70, 50}
	}
	id := fmt.Sprintf("%s-%03d", bench, seq)
	return Block{ID: id, Bench: bench, Stone: stone, Size: size, Flaws: d.flaws[id], CutAt: time.Now()}, nil
}

type bandSaw struct {
	mu    sync.Mutex
	sawed []string
}

func (s *bandSaw) Dress(ctx context.Context, b Block, spec Spec) (Ashlar, error) {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return Ashlar{}, ctx.Err()
	}
	s.mu.Lock()
	s.sawed = append(s.sawed, b.ID)
	s.mu.Unlock()
	return Ashlar{
		BlockID: b.ID,
		Spec:    spec.Name,
		Size:    spec.Size,
		Finish:  spec.Finish,
		Waste:   b.Size.Volume() - spec.Size.Volume(),
	}, nil
}

func TestQuarryShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	var logs bytes.Buffer
	drill := &benchDriller{
		stone: map[string]Stone{"north": Granite, "east": Limestone},
		flaws: map[string][]Flaw{
			"north-003": {{Kind: "vent", Severity: 4}},
			"north-005": {{Kind: "dry seam", Severity: 3}, {Kind: "iron stain", Severity: 1}},
			"east-002":  {{Kind: "iron stain", Severity: 1}},
		},
	}
	saw := &bandSaw{}
	q, err := New(drill, saw,
		WithYardCapacity(4),
		WithInspectionThreshold(3),
		WithSpecs(
			Spec{Name: "kerb", Stone: Granite, Size: Dimensions{100, 30, 15}, Finish: "sawn"},
			Spec{Name: "plinth", Stone: Granite, Size: Dimensions{120, 60, 40}, Finish: "honed"},
			Spec{Name: "coping", Stone: Limestone, Size: Dimensions{90, 40, 10}, Finish: "bush-hammered"},
		),
		WithLogger(log.New(&logs, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}

	if n, err := q.Extract(ctx, "north", 6); err != nil || n != 6 {
		t.Fatalf("extract north: staged %d, err %v", n, err)
	}
	if err := q.Inspect("north-003", true); err != nil {
		t.Fatalf("inspect: %v", err)
	}
	if err := q.Inspect("north-001", true); err == nil {
		t.Errorf("inspecting an unflawed block should fail")
	}
	if n, err := q.Extract(ctx, "east", 3); err != nil || n != 3 {
		t.Fatalf("extract east: staged %d, err %v", n, err)
	}

	closeCtx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := q.Close(closeCtx); err != nil {
		t.Errorf("close: %v", err)
	}

	l := q.Ledger()
	var dressed []string
	for _, a := range l.Dressed {
		dressed = append(dressed, a.BlockID+":"+a.Spec)
	}
	sort.Strings(dressed)
	want := []string{
		"east-001:coping", "east-002:coping",
		"north-001:kerb", "north-003:plinth", "north-004:kerb", "north-006:plinth",
	}
	if fmt.Sprint(dressed) != fmt.Sprint(want) {
		t.Errorf("dressed = %v, want %v", dressed, want)
	}
	sort.Strings(l.Rubble)
	if fmt.Sprint(l.Rubble) != "[east-003 north-002]" {
		t.Errorf("rubble = %v", l.Rubble)
	}
	if !bytes.Contains(logs.Bytes(), []byte("north-005")) {
		t.Errorf("expected north-005 to be reported at end of shift, log:\n%s", logs.String())
	}
	if _, err := q.Extract(ctx, "north", 1); err == nil {
		t.Errorf("extract after close should fail")
	}
}
