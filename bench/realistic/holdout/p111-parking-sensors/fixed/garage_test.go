package garage

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeEvents struct{ ch chan Transition }

func (e *fakeEvents) RecordTransition(ctx context.Context, t Transition) error {
	e.ch <- t
	return nil
}

type fakeSink struct {
	mu     sync.Mutex
	alerts []Alert
}

func (s *fakeSink) Send(ctx context.Context, a Alert) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alerts = append(s.alerts, a)
	return nil
}

func feed(t *testing.T, svc *Service, bay, serial string, occupied bool, n int, at time.Time) {
	t.Helper()
	for i := 0; i < n; i++ {
		r := Reading{BayID: bay, Serial: serial, Occupied: occupied, Battery: 80, At: at.Add(time.Duration(i) * time.Second)}
		if err := svc.Ingest(r); err != nil {
			t.Fatalf("Ingest(%+v): %v", r, err)
		}
	}
}

func waitTransition(t *testing.T, events *fakeEvents) Transition {
	t.Helper()
	select {
	case tr := <-events.ch:
		return tr
	case <-time.After(time.Second):
		t.Fatal("no transition recorded")
		return Transition{}
	}
}

// waitAlerts polls sink for up to 2 seconds until it holds at least n
// alerts, and returns a copy of them. Alerts are sent by the bay tracker
// after the transition is recorded, so they can arrive after
// waitTransition returns.
func waitAlerts(t *testing.T, sink *fakeSink, n int) []Alert {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for {
		sink.mu.Lock()
		got := append([]Alert(nil), sink.alerts...)
		sink.mu.Unlock()
		if len(got) >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSensorReplacement(t *testing.T) {
	defer goleak.VerifyNone(t)

	events := &fakeEvents{ch: make(chan Transition, 8)}
	sink := &fakeSink{}
	svc := New(events, sink, Config{NearFullPercent: 50})

	for _, b := range []Bay{
		{ID: "P2-014", Level: "P2", Serial: "US-00A1"},
		{ID: "P2-015", Level: "P2", Serial: "US-00A2"},
	} {
		if err := svc.RegisterBay(b); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC)

	feed(t, svc, "P2-014", "US-00A1", true, 3, t0)
	if tr := waitTransition(t, events); tr.BayID != "P2-014" || !tr.Occupied {
		t.Fatalf("transition = %+v", tr)
	}
	// One of two bays taken reaches the 50% threshold. The near-full alert
	// is sent after the transition is recorded, so wait for it before the
	// sensor is replaced and before asserting on it below.
	if got := waitAlerts(t, sink, 1); len(got) != 1 || got[0].Kind != AlertNearFull {
		t.Fatalf("alerts after first transition = %+v, want one near-full alert", got)
	}

	// Maintenance swaps the sensor; the car is still parked.
	if err := svc.ReplaceSensor("P2-014", "US-00B7"); err != nil {
		t.Fatal(err)
	}
	feed(t, svc, "P2-014", "US-00A1", false, 3, t0.Add(time.Minute))
	feed(t, svc, "P2-014", "US-00B7", false, 3, t0.Add(time.Hour))
	if tr := waitTransition(t, events); tr.BayID != "P2-014" || tr.Occupied {
		t.Fatalf("transition = %+v", tr)
	}

	st, err := svc.Occupancy("P2")
	if err != nil {
		t.Fatal(err)
	}
	if st.Capacity != 2 || st.Occupied != 0 {
		t.Errorf("Occupancy = %+v", st)
	}
	if err := svc.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.alerts) != 1 || sink.alerts[0].Kind != AlertNearFull {
		t.Errorf("alerts = %+v, want one near-full alert", sink.alerts)
	}
}
