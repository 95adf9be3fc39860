package permits

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeCover struct {
	mu      sync.Mutex
	valid   map[string]bool
	checked []string
}

func (f *fakeCover) Covered(ctx context.Context, policyID string, at time.Time) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checked = append(f.checked, policyID)
	return f.valid[policyID], nil
}

func TestReviewBatchRejectsDuplicateSlots(t *testing.T) {
	defer goleak.VerifyNone(t)

	cover := &fakeCover{valid: map[string]bool{"POL-1": true, "POL-2": true, "POL-3": false}}
	fields := []FieldRules{{
		Name:           "north-meadow",
		MaxLineMeters:  60,
		AllowedClasses: []KiteClass{ClassSingleLine, ClassStunt},
		Opens:          9 * time.Hour,
		Closes:         18 * time.Hour,
	}}
	fixed := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	r := NewReviewer(cover, fields, WithConcurrency(2), WithClock(func() time.Time { return fixed }))

	slot := time.Date(2024, 6, 8, 11, 0, 0, 0, time.UTC)
	apps := []Application{
		{ID: "A1", Flyer: "Ada", Field: "north-meadow", Slot: slot, Class: ClassStunt, LineMeters: 30, PolicyID: "POL-1"},
		{ID: "A2", Flyer: "ada ", Field: "north-meadow", Slot: slot, Class: ClassStunt, LineMeters: 30, PolicyID: "POL-1"},
		{ID: "B1", Flyer: "Bo", Field: "north-meadow", Slot: slot, Class: ClassPower, LineMeters: 40, PolicyID: "POL-2"},
		{ID: "C1", Flyer: "Cy", Field: "north-meadow", Slot: slot, Class: ClassSingleLine, LineMeters: 25, PolicyID: "POL-3"},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	got, err := r.ReviewBatch(ctx, apps)
	if err != nil {
		t.Fatalf("ReviewBatch: %v (got %d decisions)", err, len(got))
	}

	want := map[string]Outcome{"A1": Approved, "A2": Rejected, "B1": Rejected, "C1": Rejected}
	if len(got) != len(want) {
		t.Fatalf("got %d decisions, want %d: %+v", len(got), len(want), got)
	}
	for _, d := range got {
		if d.Outcome != want[d.ApplicationID] {
			t.Errorf("%s: outcome %v, want %v (%v)", d.ApplicationID, d.Outcome, want[d.ApplicationID], d.Reasons)
		}
		if !d.DecidedAt.Equal(fixed) {
			t.Errorf("%s: decided at %v, want %v", d.ApplicationID, d.DecidedAt, fixed)
		}
	}
}
