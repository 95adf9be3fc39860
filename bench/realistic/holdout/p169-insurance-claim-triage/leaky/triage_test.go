package triage

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeDirectory struct {
	mu        sync.Mutex
	adjusters []Adjuster
	listed    chan struct{}
}

func (d *fakeDirectory) ListAdjusters(ctx context.Context) ([]Adjuster, error) {
	d.mu.Lock()
	out := append([]Adjuster(nil), d.adjusters...)
	d.mu.Unlock()
	d.listed <- struct{}{}
	return out, nil
}

type fakeModel map[string]float64

func (m fakeModel) Score(ctx context.Context, c Claim) (float64, error) {
	p, ok := m[c.ID]
	if !ok {
		return 0, errors.New("unknown claim")
	}
	return p, nil
}

type fakeClock struct{ ticks chan time.Time }

func (c *fakeClock) NewTicker(time.Duration) (<-chan time.Time, func()) {
	return c.ticks, func() {}
}

func TestTriageRoutesUncoveredClaimToManualReview(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 14, 9, 0, 0, 0, time.UTC)
	dir := &fakeDirectory{
		listed: make(chan struct{}, 4),
		adjusters: []Adjuster{
			{ID: "adj-ca-auto", Lines: []Line{LineAuto}, States: []string{"CA", "NV"},
				MaxSeverity: SeverityHigh, Capacity: 10, OpenClaims: 4},
			{ID: "adj-tx-wc", Lines: []Line{LineWorkersComp}, States: []string{"TX"},
				MaxSeverity: SeverityCritical, Capacity: 20, OpenClaims: 2},
		},
	}
	clock := &fakeClock{ticks: make(chan time.Time)}
	svc, err := New(context.Background(), Config{
		Directory: dir,
		Model:     fakeModel{"CLM-1": 0.1, "CLM-2": 0.2},
		Clock:     clock,
		Logger:    log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer svc.Close()
	<-dir.listed // initial load

	ctx := context.Background()
	d1, err := svc.Triage(ctx, Claim{
		ID: "CLM-1", PolicyID: "PA-100", Line: LineAuto, State: "CA",
		LossDate: now.Add(-48 * time.Hour), ReportedAt: now.Add(-24 * time.Hour),
		Amount: 12000, Injury: true,
		Narrative: "rear-ended at a stop light on highway 101, driver reports neck pain",
	})
	if err != nil {
		t.Fatalf("Triage CLM-1: %v", err)
	}
	if d1.Queue != QueueAssigned || d1.AdjusterID != "adj-ca-auto" {
		t.Fatalf("CLM-1 routed to %q/%q, want assigned to adj-ca-auto", d1.Queue, d1.AdjusterID)
	}
	if d1.Severity != SeverityMedium {
		t.Errorf("CLM-1 severity = %s, want medium", d1.Severity)
	}

	d2, err := svc.Triage(ctx, Claim{
		ID: "CLM-2", PolicyID: "HO-7", Line: LineProperty, State: "TX",
		LossDate: now.Add(-60 * 24 * time.Hour), ReportedAt: now,
		Amount: 80000, PriorClaims: 3,
		Narrative: "hail damage to roof and detached garage after the February storm",
	})
	if err != nil {
		t.Fatalf("Triage CLM-2: %v", err)
	}
	if d2.Queue != QueueManualReview {
		t.Fatalf("CLM-2 queue = %q, want %q", d2.Queue, QueueManualReview)
	}
	if d2.Severity != SeverityHigh {
		t.Errorf("CLM-2 severity = %s, want high", d2.Severity)
	}

	// The directory picks up a new property adjuster; the next sync installs it.
	dir.mu.Lock()
	dir.adjusters = append(dir.adjusters, Adjuster{ID: "adj-tx-prop",
		Lines: []Line{LineProperty}, States: []string{"TX"}, MaxSeverity: SeverityCritical, Capacity: 15})
	dir.mu.Unlock()
	clock.ticks <- now.Add(5 * time.Minute)
	<-dir.listed
}
