package misting

import (
	"context"
	"fmt"
	"log"
	"os"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type manifold struct {
	mu     sync.Mutex
	open   map[int]bool
	events []string
}

func (m *manifold) Open(line int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.open[line] {
		return fmt.Errorf("line %d already open", line)
	}
	m.open[line] = true
	m.events = append(m.events, fmt.Sprintf("open %d", line))
	return nil
}

func (m *manifold) Close(line int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.open[line] = false
	m.events = append(m.events, fmt.Sprintf("close %d", line))
	return nil
}

func (m *manifold) take() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	ev := m.events
	m.events = nil
	return ev
}

type hygrometers struct {
	mu sync.Mutex
	rh map[string]float64
}

func (h *hygrometers) set(zone string, rh float64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rh[zone] = rh
}

func (h *hygrometers) RelativeHumidity(ctx context.Context, zone string) (float64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	rh, ok := h.rh[zone]
	if !ok {
		return 0, fmt.Errorf("no sensor in zone %s", zone)
	}
	return rh, nil
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func misted(ds []Decision) []string {
	var out []string
	for _, d := range ds {
		if d.Misted {
			out = append(out, d.Zone)
		}
	}
	return out
}

func TestBenchRewiredDuringSeason(t *testing.T) {
	defer goleak.VerifyNone(t)

	valve := &manifold{open: make(map[int]bool)}
	hygro := &hygrometers{rh: map[string]float64{
		"propagation": 71, "orchids": 74, "ferns": 66, "cuttings": 80,
	}}
	clock := &fakeClock{now: time.Date(2024, 5, 14, 6, 0, 0, 0, time.UTC)}
	ctrl := New(valve, hygro,
		WithClock(clock.Now),
		WithMaxPulse(time.Second),
		WithLogger(log.New(os.Stderr, "misting: ", 0)),
	)
	ctx := context.Background()

	layout := []ZoneConfig{
		{ID: "propagation", Line: 1, TargetRH: 85, Hysteresis: 3, Pulse: 15 * time.Millisecond, MinGap: 10 * time.Minute},
		{ID: "orchids", Line: 2, TargetRH: 70, Hysteresis: 5, Pulse: 10 * time.Millisecond, MinGap: 20 * time.Minute},
		{ID: "ferns", Line: 3, TargetRH: 80, Hysteresis: 4, Pulse: 10 * time.Millisecond, MinGap: 15 * time.Minute},
	}
	if err := ctrl.Apply(layout); err != nil {
		t.Fatalf("apply: %v", err)
	}

	ds, err := ctrl.Evaluate(ctx)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	if got, want := misted(ds), []string{"ferns", "propagation"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("first round misted %v, want %v", got, want)
	}
	valve.take()

	// Second round five minutes later: nothing is due yet.
	clock.Advance(5 * time.Minute)
	if ds, _ = ctrl.Evaluate(ctx); len(misted(ds)) != 0 {
		t.Fatalf("second round misted %v before MinGap elapsed", misted(ds))
	}

	// Propagation bench moved to the new manifold output, ferns cleared out
	// for the summer, cuttings bench added.
	layout = []ZoneConfig{
		{ID: "propagation", Line: 4, TargetRH: 88, Hysteresis: 3, Pulse: 15 * time.Millisecond, MinGap: 10 * time.Minute},
		{ID: "orchids", Line: 2, TargetRH: 78, Hysteresis: 2, Pulse: 10 * time.Millisecond, MinGap: 20 * time.Minute},
		{ID: "cuttings", Line: 5, TargetRH: 90, Hysteresis: 2, Pulse: 20 * time.Millisecond, MinGap: 5 * time.Minute},
	}
	if err := ctrl.Apply(layout); err != nil {
		t.Fatalf("re-apply: %v", err)
	}
	if got, want := ctrl.Zones(), []string{"cuttings", "orchids", "propagation"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("zones = %v, want %v", got, want)
	}

	clock.Advance(30 * time.Minute)
	hygro.set("propagation", 79)
	ds, err = ctrl.Evaluate(ctx)
	if err != nil {
		t.Fatalf("evaluate after rewiring: %v", err)
	}
	if got, want := misted(ds), []string{"cuttings", "orchids", "propagation"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("third round misted %v, want %v", got, want)
	}
	ev := valve.take()
	for _, e := range ev {
		if e == "open 1" || e == "open 3" {
			t.Errorf("retired line used after rewiring: %v", ev)
		}
	}
	if len(ev) != 6 {
		t.Errorf("valve events = %v, want 3 open/close pairs", ev)
	}

	if err := ctrl.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := ctrl.Mist(ctx, "orchids", "manual"); err != ErrClosed {
		t.Errorf("mist after close: %v, want ErrClosed", err)
	}
}
