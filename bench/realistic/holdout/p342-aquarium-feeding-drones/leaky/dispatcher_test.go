package feeding

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

type railDrone struct {
	id     string
	diet   Diet
	travel time.Duration
	jammed map[string]bool // tank hatches that will not open

	mu      sync.Mutex
	dropped map[string]float64
}

func (d *railDrone) ID() string { return d.id }
func (d *railDrone) Diet() Diet { return d.diet }

func (d *railDrone) Dispense(ctx context.Context, tankID string, grams float64) error {
	if d.jammed[tankID] {
		<-ctx.Done()
		return ctx.Err()
	}
	select {
	case <-time.After(d.travel):
	case <-ctx.Done():
		return ctx.Err()
	}
	d.mu.Lock()
	if d.dropped == nil {
		d.dropped = make(map[string]float64)
	}
	d.dropped[tankID] += grams
	d.mu.Unlock()
	return nil
}

type staticFleet []Drone

func (f staticFleet) Available(ctx context.Context) ([]Drone, error) { return f, nil }

func reefGallery() []Tank {
	return []Tank{
		{ID: "T-01", Name: "Lagoon", Diet: DietFlake, Biomass: 1200, Rate: 0.02, Meals: 3, Priority: 2},
		{ID: "T-02", Name: "Clownfish nursery", Diet: DietFlake, Biomass: 150, Rate: 0.04, Meals: 4, Priority: 5},
		{ID: "T-03", Name: "Seahorses", Diet: DietFrozen, Biomass: 80, Rate: 0.05, Meals: 2, Priority: 4},
		{ID: "T-04", Name: "Grouper", Diet: DietPellet, Biomass: 9000, Rate: 0.01, Meals: 1, Priority: 1},
		{ID: "T-05", Name: "Cichlids", Diet: DietPellet, Biomass: 2100, Rate: 0.015, Meals: 2, Priority: 1},
		{ID: "T-06", Name: "Quarantine", Diet: DietFlake, Biomass: 300, Rate: 0.02, Meals: 2, Fasting: true},
		{ID: "T-07", Name: "Reef wall", Diet: DietFlake, Biomass: 2600, Rate: 0.02, Meals: 2, Priority: 3},
	}
}

func TestFeedRoundWithJammedHatch(t *testing.T) {
	defer goleak.VerifyNone(t)

	fleet := staticFleet{
		&railDrone{id: "D-1", diet: DietFlake, travel: time.Millisecond, jammed: map[string]bool{"T-07": true}},
		&railDrone{id: "D-2", diet: DietFlake, travel: time.Millisecond, jammed: map[string]bool{"T-07": true}},
		&railDrone{id: "D-3", diet: DietPellet, travel: 2 * time.Millisecond},
	}
	d := NewDispatcher(fleet, Config{
		RoundTimeout: 60 * time.Millisecond,
		Logger:       log.New(io.Discard, "", 0),
	})

	report, err := d.FeedRound(context.Background(), reefGallery())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("FeedRound error = %v, want deadline exceeded", err)
	}
	if report.Complete {
		t.Errorf("report marked complete despite jammed hatch")
	}

	missed := make(map[string]bool)
	for _, id := range report.Missed {
		missed[id] = true
	}
	for _, id := range []string{"T-03", "T-07"} {
		if !missed[id] {
			t.Errorf("tank %s not reported as missed: %v", id, report.Missed)
		}
	}
	fed := make(map[string]bool)
	for _, o := range report.Fed {
		fed[o.TankID] = true
	}
	for _, id := range []string{"T-01", "T-02", "T-04", "T-05"} {
		if !fed[id] {
			t.Errorf("tank %s not fed", id)
		}
	}
	if fed["T-06"] || missed["T-06"] {
		t.Errorf("fasting tank T-06 should not be in the round")
	}
	if d.Rounds() != 1 {
		t.Errorf("rounds = %d, want 1", d.Rounds())
	}
}

func TestBuildPlanOrdersByPriority(t *testing.T) {
	plan, err := BuildPlan(reefGallery(), 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) != 6 {
		t.Fatalf("plan has %d portions, want 6", len(plan))
	}
	if plan[0].Tank.ID != "T-02" {
		t.Errorf("first portion for %s, want T-02", plan[0].Tank.ID)
	}
	for i := 1; i < len(plan); i++ {
		if plan[i].Tank.Priority > plan[i-1].Tank.Priority {
			t.Errorf("portion %d out of order", i)
		}
	}
}
