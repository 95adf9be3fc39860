package curing

import (
	"context"
	"log"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type plcOven struct {
	mu      sync.Mutex
	history map[string]Profile
}

func (o *plcOven) Cure(ctx context.Context, m Mold, p Profile) error {
	t := time.NewTimer(p.Soak)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.history[m.ID] = p
	return nil
}

func TestNightShiftMixedFlasks(t *testing.T) {
	defer goleak.VerifyNone(t)

	oven := &plcOven{history: make(map[string]Profile)}
	s, err := NewScheduler(oven, Config{
		Crews:         2,
		RackPositions: 4,
		BaseSoak:      10 * time.Millisecond,
		Logger:        log.New(os.Stderr, "curing: ", log.Lmicroseconds),
	})
	if err != nil {
		t.Fatal(err)
	}

	molds := []Mold{
		{ID: "M-101", Pattern: "P-7730 pump volute", Binder: BinderFuranNoBake, Flask: FlaskLarge, SectionMM: 30},
		{ID: "M-102", Pattern: "P-2215 bearing cap", Binder: BinderPhenolicUrethane, Flask: FlaskMedium, SectionMM: 10},
		{ID: "M-103", Pattern: "P-0412 gland", Binder: BinderPhenolicUrethane, Flask: FlaskSmall, SectionMM: 8},
		{ID: "M-104", Pattern: "P-2216 bearing cap", Binder: BinderSodiumSilicate, Flask: FlaskMedium, SectionMM: 12},
		{ID: "M-105", Binder: BinderFuranNoBake, Flask: FlaskSmall, SectionMM: 15},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	rep, err := s.RunShift(ctx, molds)
	if err != nil {
		t.Fatalf("RunShift: %v", err)
	}

	if _, ok := rep.Rejected["M-105"]; !ok || len(rep.Rejected) != 1 {
		t.Errorf("rejected = %v, want only M-105", rep.Rejected)
	}
	if len(rep.Failed) != 0 {
		t.Errorf("failed = %v", rep.Failed)
	}
	if n := len(rep.Cured) + len(rep.Carried); n != 4 {
		t.Errorf("cured %v + carried %v = %d molds, want 4", rep.Cured, rep.Carried, n)
	}
	if rep.PeakRack > 4 {
		t.Errorf("peak rack usage %d exceeds oven capacity", rep.PeakRack)
	}

	oven.mu.Lock()
	defer oven.mu.Unlock()
	want := map[string]int{"M-101": 90, "M-102": 120, "M-103": 120, "M-104": 150}
	for _, id := range rep.Cured {
		if got := oven.history[id].SetpointC; got != want[id] {
			t.Errorf("mold %s cured at %d°C, want %d°C", id, got, want[id])
		}
	}
	sort.Strings(rep.Carried)
	t.Logf("cured %v, carried to next shift %v, peak rack %d", rep.Cured, rep.Carried, rep.PeakRack)
}
