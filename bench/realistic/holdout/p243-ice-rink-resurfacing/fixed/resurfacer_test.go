package resurface

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// probeBus simulates the thickness probes on the rink's serial bus.
type probeBus struct {
	readings map[string]Reading
	delay    map[string]time.Duration
}

func (b *probeBus) Measure(_ context.Context, zoneID string) (Reading, error) {
	if d, ok := b.delay[zoneID]; ok {
		time.Sleep(d)
	}
	rd, ok := b.readings[zoneID]
	if !ok {
		return Reading{}, fmt.Errorf("no probe wired for zone %s", zoneID)
	}
	rd.ZoneID = zoneID
	rd.At = time.Now()
	return rd, nil
}

type machineLog struct {
	mu  sync.Mutex
	ops []string
}

func (m *machineLog) Shave(_ context.Context, zoneID string, depthMM float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ops = append(m.ops, fmt.Sprintf("shave %s %.1f", zoneID, depthMM))
	return nil
}

func (m *machineLog) Flood(_ context.Context, zoneID string, litres float64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ops = append(m.ops, fmt.Sprintf("flood %s %.0f", zoneID, litres))
	return nil
}

type tlog struct{ t *testing.T }

func (l tlog) Printf(format string, args ...any) { l.t.Logf(format, args...) }

func TestIntermissionPassWithSlowCreaseProbe(t *testing.T) {
	defer goleak.VerifyNone(t)

	zones := []Zone{
		{ID: "neutral", AreaM2: 520, TargetMM: 32},
		{ID: "blue-north", AreaM2: 300, TargetMM: 32},
		{ID: "blue-south", AreaM2: 300, TargetMM: 32},
		{ID: "crease-north", AreaM2: 30, TargetMM: 38},
		{ID: "crease-south", AreaM2: 30, TargetMM: 38},
		{ID: "boards", AreaM2: 420, TargetMM: 30},
	}
	bus := &probeBus{
		readings: map[string]Reading{
			"neutral":      {ThicknessMM: 33, SurfaceTempC: -5.5},
			"blue-north":   {ThicknessMM: 36, SurfaceTempC: -5.1},
			"blue-south":   {ThicknessMM: 22, SurfaceTempC: -5.0},
			"crease-north": {ThicknessMM: 40, SurfaceTempC: -4.8},
			"crease-south": {ThicknessMM: 41, SurfaceTempC: -4.9},
			"boards":       {ThicknessMM: 30, SurfaceTempC: -1.2},
		},
		delay: map[string]time.Duration{"crease-north": 150 * time.Millisecond},
	}
	m := &machineLog{}
	r, err := New(bus, m, Config{
		Zones:            zones,
		ProbeTimeout:     40 * time.Millisecond,
		MinZonesSurveyed: 4,
		Logger:           tlog{t},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	rep, err := r.Resurface(ctx)
	if err != nil {
		t.Fatalf("Resurface: %v", err)
	}

	want := map[string]Step{
		"neutral":      {ZoneID: "neutral", ShaveMM: 1.3, FloodL: 468, Surveyed: true},
		"blue-north":   {ZoneID: "blue-north", ShaveMM: 2.8, FloodL: 270, Surveyed: true},
		"blue-south":   {ZoneID: "blue-south", FloodL: 540, Surveyed: true, Note: "thin ice, build up"},
		"crease-north": {ZoneID: "crease-north", ShaveMM: 0.8, FloodL: 27, Note: "not surveyed, default pass"},
		"crease-south": {ZoneID: "crease-south", ShaveMM: 2.3, FloodL: 27, Surveyed: true},
		"boards":       {ZoneID: "boards", ShaveMM: 0.8, Surveyed: true, Note: "surface too warm to flood"},
	}
	if len(rep.Steps) != len(want) {
		t.Fatalf("got %d steps, want %d: %+v", len(rep.Steps), len(want), rep.Steps)
	}
	for _, st := range rep.Steps {
		if st != want[st.ZoneID] {
			t.Errorf("zone %s: got %+v, want %+v", st.ZoneID, st, want[st.ZoneID])
		}
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped zones %v", rep.Skipped)
	}
	m.mu.Lock()
	nops := len(m.ops)
	m.mu.Unlock()
	if nops != 10 {
		t.Errorf("machine ran %d operations, want 10", nops)
	}
}
