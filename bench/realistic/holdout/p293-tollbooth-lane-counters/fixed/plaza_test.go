package lanecount

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeController struct {
	mu      sync.Mutex
	boot    string
	classes map[VehicleClass]uint64
	viol    uint64
	offline bool
}

func newFakeController(boot string) *fakeController {
	return &fakeController{boot: boot, classes: make(map[VehicleClass]uint64)}
}

func (f *fakeController) traffic(c VehicleClass, n uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.classes[c] += n
}

func (f *fakeController) setOffline(v bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.offline = v
}

func (f *fakeController) Counts(ctx context.Context) (DeviceCounters, error) {
	select {
	case <-ctx.Done():
		return DeviceCounters{}, ctx.Err()
	case <-time.After(time.Millisecond):
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.offline {
		return DeviceCounters{}, ErrDeviceOffline
	}
	out := DeviceCounters{BootID: f.boot, Classes: make(map[VehicleClass]uint64), Violations: f.viol}
	for c, n := range f.classes {
		out.Classes[c] = n
	}
	return out, nil
}

type memSink struct {
	mu    sync.Mutex
	snaps []Snapshot
}

func (m *memSink) Publish(_ context.Context, s Snapshot) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.snaps = append(m.snaps, s)
	return nil
}

func laneTotals(s Snapshot) map[string]int {
	out := make(map[string]int)
	for _, l := range s.Lanes {
		out[l.Lane] = l.Total()
	}
	return out
}

func TestSnapshotAcrossLaneOutage(t *testing.T) {
	defer goleak.VerifyNone(t)

	ctx := context.Background()
	devs := map[string]*fakeController{
		"N1": newFakeController("n1-a"),
		"N2": newFakeController("n2-a"),
		"S1": newFakeController("s1-a"),
		"S2": newFakeController("s2-a"),
	}
	lanes := []Lane{
		{ID: "N1", Direction: "north", Device: devs["N1"]},
		{ID: "N2", Direction: "north", Device: devs["N2"]},
		{ID: "N3", Direction: "north", Closed: true},
		{ID: "S1", Direction: "south", Device: devs["S1"]},
		{ID: "S2", Direction: "south", Device: devs["S2"]},
	}
	plaza, err := NewPlaza(Config{
		Name:        "exit-14",
		ReadTimeout: 200 * time.Millisecond,
		Logger:      log.New(os.Stderr, "lanecount: ", 0),
	}, lanes...)
	if err != nil {
		t.Fatal(err)
	}
	sink := &memSink{}

	for id, d := range devs {
		d.traffic(ClassCar, 10)
		if id[0] == 'S' {
			d.traffic(ClassMultiAxleTruck, 2)
		}
	}
	first, err := plaza.Snapshot(ctx)
	if err != nil {
		t.Fatalf("first snapshot: %v", err)
	}
	if got := first.Total(); got != 44 {
		t.Fatalf("first snapshot total = %d, want 44", got)
	}
	_ = sink.Publish(ctx, first)

	devs["N2"].setOffline(true)
	for _, d := range devs {
		d.traffic(ClassCar, 5)
	}
	if _, err := plaza.Snapshot(ctx); !errors.Is(err, ErrDeviceOffline) {
		t.Fatalf("snapshot with N2 offline: err = %v, want ErrDeviceOffline", err)
	}

	devs["N2"].setOffline(false)
	for _, d := range devs {
		d.traffic(ClassBus, 1)
	}
	third, err := plaza.Snapshot(ctx)
	if err != nil {
		t.Fatalf("snapshot after recovery: %v", err)
	}
	_ = sink.Publish(ctx, third)

	totals := laneTotals(third)
	for _, id := range []string{"N1", "N2", "S1", "S2"} {
		if totals[id] != 6 {
			t.Errorf("lane %s: %d vehicles since first snapshot, want 6", id, totals[id])
		}
	}
	if _, ok := totals["N3"]; ok {
		t.Errorf("closed lane N3 should not be reported")
	}
	if len(sink.snaps) != 2 {
		t.Errorf("published %d snapshots, want 2", len(sink.snaps))
	}
}
