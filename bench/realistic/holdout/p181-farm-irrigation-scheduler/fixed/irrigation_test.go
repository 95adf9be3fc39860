package irrigation

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSensors struct {
	readings map[string]Reading
}

func (f *fakeSensors) Latest(_ context.Context, zoneID string) (Reading, error) {
	r, ok := f.readings[zoneID]
	if !ok {
		return Reading{}, errors.New("no telemetry")
	}
	return r, nil
}

var errNoAck = errors.New("valve did not acknowledge")

// deadValves simulates a gateway whose radio link to the field is down.
type deadValves struct {
	mu     sync.Mutex
	opens  int
	closes int
}

func (v *deadValves) Open(context.Context, string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.opens++
	return errNoAck
}

func (v *deadValves) Close(context.Context, string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.closes++
	return nil
}

// instantClock fires every timer immediately.
type instantClock struct{ now time.Time }

func (c instantClock) Now() time.Time { return c.now }

func (c instantClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func TestPlanRejectsStaleReadings(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2023, 6, 14, 5, 0, 0, 0, time.UTC)
	sensors := &fakeSensors{readings: map[string]Reading{
		"north": {ZoneID: "north", Moisture: 18, TakenAt: now.Add(-5 * time.Hour)},
	}}
	s := New(sensors, &deadValves{}, WithClock(instantClock{now: now}))
	_, err := s.Plan(context.Background(), []Zone{{ID: "north", ValveID: "v1", FlowLitresPerMinute: 10}})
	if !errors.Is(err, ErrStaleReading) {
		t.Fatalf("Plan error = %v, want ErrStaleReading", err)
	}
}

func TestExecuteReportsValveFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2023, 6, 14, 5, 0, 0, 0, time.UTC)
	sensors := &fakeSensors{readings: map[string]Reading{
		"north": {ZoneID: "north", Moisture: 18, TakenAt: now.Add(-10 * time.Minute)},
		"south": {ZoneID: "south", Moisture: 21, TakenAt: now.Add(-12 * time.Minute)},
		"east":  {ZoneID: "east", Moisture: 30, TakenAt: now.Add(-5 * time.Minute)},
		"west":  {ZoneID: "west", Moisture: 16, TakenAt: now.Add(-20 * time.Minute)},
	}}
	zones := []Zone{
		{ID: "north", ValveID: "v1", TargetMoisture: 28, RootDepthMetres: 0.3, AreaSquareMetres: 40, FlowLitresPerMinute: 60, MaxRun: time.Hour},
		{ID: "south", ValveID: "v2", TargetMoisture: 28, RootDepthMetres: 0.3, AreaSquareMetres: 40, FlowLitresPerMinute: 60, MaxRun: time.Hour},
		{ID: "east", ValveID: "v3", TargetMoisture: 30.5, RootDepthMetres: 0.3, AreaSquareMetres: 40, FlowLitresPerMinute: 60},
		{ID: "west", ValveID: "v4", TargetMoisture: 28, RootDepthMetres: 0.3, AreaSquareMetres: 40, FlowLitresPerMinute: 60, MaxRun: 20 * time.Minute},
	}

	valves := &deadValves{}
	s := New(sensors, valves,
		WithClock(instantClock{now: now}),
		WithMaxOpenValves(1),
		WithOpenRetry(2, time.Second),
	)

	plan, err := s.Plan(context.Background(), zones)
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if got := len(plan.Zones); got != 3 {
		t.Fatalf("planned %d zones, want 3 (skipped: %v)", got, plan.Skipped)
	}
	if plan.Zones[0].ZoneID != "west" {
		t.Fatalf("first zone = %s, want west (largest deficit)", plan.Zones[0].ZoneID)
	}
	if _, ok := plan.Skipped["east"]; !ok {
		t.Fatalf("east should be skipped, skipped = %v", plan.Skipped)
	}

	_, err = s.Execute(context.Background(), plan)
	if !errors.Is(err, errNoAck) {
		t.Fatalf("Execute error = %v, want %v", err, errNoAck)
	}
}
