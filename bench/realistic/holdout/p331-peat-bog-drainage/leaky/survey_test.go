package drainage

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type radioReader struct {
	depths map[string]float64
	down   map[string]bool
}

func (r *radioReader) ReadDepth(ctx context.Context, id string) (float64, error) {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	if r.down[id] {
		return 0, errors.New("no response from logger box")
	}
	d, ok := r.depths[id]
	if !ok {
		return 0, errors.New("unknown well")
	}
	return d, nil
}

type recordingSluice struct {
	mu       sync.Mutex
	openings map[string]int
}

func (s *recordingSluice) SetOpening(_ context.Context, comp string, pct int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.openings[comp] = pct
	return nil
}

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestSpringSurveyAdjustsSluices(t *testing.T) {
	defer goleak.VerifyNone(t)

	wells := []Dipwell{
		{ID: "W01", Compartment: "north"},
		{ID: "W02", Compartment: "north"},
		{ID: "W03", Compartment: "east"},
		{ID: "W04", Compartment: "east"},
		{ID: "W05", Compartment: "east"},
		{ID: "W06", Compartment: "south"},
		{ID: "W07", Compartment: "south", Decommissioned: true},
		{ID: "W08", Compartment: "south"},
	}
	reader := &radioReader{
		depths: map[string]float64{
			"W01": 22, "W02": 26,
			"W03": 9, "W04": 12,
			"W06": -2, "W08": 0,
		},
		down: map[string]bool{"W05": true},
	}
	cfg := DefaultConfig()
	cfg.Concurrency = 3
	cfg.ReadTimeout = 50 * time.Millisecond
	cfg.SurveyTimeout = 150 * time.Millisecond
	sv, err := NewSurveyor(reader, WithConfig(cfg), WithLogger(testLogger{t}))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	survey, err := sv.Survey(ctx, wells)
	if err != nil {
		t.Fatalf("survey: %v", err)
	}
	if len(survey.Levels) != 6 {
		t.Fatalf("got %d levels, want 6", len(survey.Levels))
	}
	if _, ok := survey.Failed["W05"]; !ok || len(survey.Failed) != 1 {
		t.Fatalf("failed wells: %v", survey.Failed)
	}
	if len(survey.Skipped) != 1 || survey.Skipped[0] != "W07" {
		t.Fatalf("skipped wells: %v", survey.Skipped)
	}

	adj, err := Plan(cfg, survey)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	sluice := &recordingSluice{openings: map[string]int{}}
	if err := Apply(ctx, sluice, testLogger{t}, adj); err != nil {
		t.Fatalf("apply: %v", err)
	}
	want := map[string]int{"north": 0, "south": 60}
	if len(sluice.openings) != len(want) {
		t.Fatalf("openings %v, want %v", sluice.openings, want)
	}
	for c, pct := range want {
		if got, ok := sluice.openings[c]; !ok || got != pct {
			t.Fatalf("sluice %s: got %d (set=%v), want %d", c, got, ok, pct)
		}
	}
}
