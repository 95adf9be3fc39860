package dockmon

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// stillClock never lets a watchdog timer expire.
type stillClock struct{ now time.Time }

func (c stillClock) Now() time.Time                       { return c.now }
func (c stillClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

type recordingAlerter struct {
	mu     sync.Mutex
	alerts []Alert
}

func (r *recordingAlerter) Notify(_ context.Context, a Alert) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.alerts = append(r.alerts, a)
	return nil
}

type recordingDispatcher struct{ moves []Move }

func (d *recordingDispatcher) Dispatch(_ context.Context, m Move) error {
	d.moves = append(d.moves, m)
	return nil
}

func TestRebalanceAcrossControllerReboot(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	m := New(&recordingAlerter{}, Config{Clock: stillClock{now: now}, MinMove: 2})

	stations := []Station{
		{ID: "S1", Name: "Central Station", Zone: "north", Capacity: 20, Firmware: "4.1.0"},
		{ID: "S2", Name: "Harbour Gate", Zone: "north", Capacity: 20, Firmware: "4.1.0"},
		{ID: "S3", Name: "Museum Square", Zone: "north", Capacity: 10, Firmware: "4.0.2"},
	}
	for _, st := range stations {
		if err := m.Register(st); err != nil {
			t.Fatal(err)
		}
	}
	reports := []Telemetry{
		{StationID: "S1", At: now, BikesAvailable: 18, DocksAvailable: 2},
		{StationID: "S2", At: now, BikesAvailable: 2, DocksAvailable: 18},
		{StationID: "S3", At: now, BikesAvailable: 5, DocksAvailable: 5},
	}
	for _, r := range reports {
		if err := m.Ingest(r); err != nil {
			t.Fatal(err)
		}
	}

	d := &recordingDispatcher{}
	n, err := m.Rebalance(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || d.moves[0] != (Move{From: "S1", To: "S2", Bikes: 8}) {
		t.Fatalf("moves = %+v", d.moves)
	}

	// Museum Square's controller reboots after a firmware upgrade and
	// announces itself again.
	upgraded := stations[2]
	upgraded.Firmware = "4.1.0"
	if err := m.Register(upgraded); err != nil {
		t.Fatal(err)
	}
	snap := m.Snapshot()
	if got := snap[2]; got.Station.Firmware != "4.1.0" || got.Telemetry.BikesAvailable != 5 {
		t.Fatalf("S3 after re-register = %+v", got)
	}
	if err := m.Ingest(Telemetry{StationID: "S3", At: now.Add(time.Minute), BikesAvailable: 6, DocksAvailable: 4}); err != nil {
		t.Fatal(err)
	}

	m.Close()
}
