package ropewalk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// benchFormer stands in for the forming hooks. Each strand takes formTime;
// a strand listed in parts snaps after partAfter instead.
type benchFormer struct {
	formTime  time.Duration
	partAfter time.Duration
	parts     map[string]int
}

func (f *benchFormer) Form(ctx context.Context, p StrandPlan) (Strand, error) {
	d := f.formTime
	idx, breaks := f.parts[p.OrderID]
	breaks = breaks && idx == p.Index
	if breaks {
		d = f.partAfter
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return Strand{}, ctx.Err()
	}
	if breaks {
		return Strand{}, fmt.Errorf("%w: yarns snapped at the whirl", ErrStrandParted)
	}
	return Strand{
		Index:         p.Index,
		Yarns:         p.Yarns,
		LengthFathoms: p.LengthFathoms,
		PeakTensionLb: 300 + 5*float64(p.Yarns),
	}, nil
}

func TestDayOnTheWalk(t *testing.T) {
	defer goleak.VerifyNone(t)

	former := &benchFormer{
		formTime:  60 * time.Millisecond,
		partAfter: 15 * time.Millisecond,
		parts:     map[string]int{"HMS-TERROR-SHROUDS": 1},
	}
	walk, err := New(former, Config{Hooks: 2, MaxTensionLb: 900})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	mooring := RopeSpec{OrderID: "QUAY-114", Fibre: Manila, Lay: HawserLaid,
		CircumferenceIn: 3, LengthFathoms: 120}
	rope, err := walk.Lay(ctx, mooring)
	if err != nil {
		t.Fatalf("lay %s: %v", mooring.OrderID, err)
	}
	if len(rope.Strands) != 3 {
		t.Errorf("rope has %d strands, want 3", len(rope.Strands))
	}
	if math.Abs(rope.LengthFathoms-120) > 0.01 {
		t.Errorf("rope length = %.2f fathoms, want 120", rope.LengthFathoms)
	}

	shrouds := RopeSpec{OrderID: "HMS-TERROR-SHROUDS", Fibre: Hemp, Lay: ShroudLaid,
		CircumferenceIn: 4, LengthFathoms: 80}
	if _, err := walk.Lay(ctx, shrouds); !errors.Is(err, ErrStrandParted) {
		t.Fatalf("lay %s: err = %v, want ErrStrandParted", shrouds.OrderID, err)
	}
}
