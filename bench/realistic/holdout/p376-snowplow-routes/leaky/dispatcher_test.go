package plowing

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingNotifier struct {
	mu    sync.Mutex
	calls map[string][]string
}

func (n *recordingNotifier) RouteChanged(ctx context.Context, plowID string, remaining []string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls[plowID] = append([]string(nil), remaining...)
	return nil
}

func testNetwork() *Network {
	return NewNetwork(
		Segment{ID: "MAIN-1", Street: "Main St", LengthKM: 1.2, Lanes: 4, Priority: Emergency},
		Segment{ID: "MAIN-2", Street: "Main St", LengthKM: 0.8, Lanes: 4, Priority: Emergency},
		Segment{ID: "HOSP-1", Street: "Hospital Rd", LengthKM: 0.5, Lanes: 2, Priority: Emergency},
		Segment{ID: "OAK-1", Street: "Oak Ave", LengthKM: 1.0, Lanes: 2, Priority: Collector},
		Segment{ID: "BIRCH-1", Street: "Birch Ct", LengthKM: 0.3, Lanes: 1, Priority: Residential},
		Segment{ID: "CEDAR-1", Street: "Cedar Ln", LengthKM: 0.4, Lanes: 1, Priority: Residential},
	)
}

func TestRerouteAndTelemetryDuringStorm(t *testing.T) {
	defer goleak.VerifyNone(t)

	notifier := &recordingNotifier{calls: make(map[string][]string)}
	d := NewDispatcher(testNetwork(), []string{"plow-1", "plow-2"}, notifier)
	ctx := context.Background()

	route1, err := d.Route("plow-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(route1) == 0 || route1[0] != "HOSP-1" {
		t.Fatalf("plow-1 route = %v, want HOSP-1 first", route1)
	}

	// The hospital calls: plow-2 is closer and takes Hospital Rd.
	if err := d.Reroute(ctx, "plow-2", "HOSP-1"); err != nil {
		t.Fatalf("Reroute: %v", err)
	}
	notifier.mu.Lock()
	got2 := notifier.calls["plow-2"]
	got1 := notifier.calls["plow-1"]
	notifier.mu.Unlock()
	if len(got2) == 0 || got2[0] != "HOSP-1" {
		t.Errorf("plow-2 cab shows %v, want HOSP-1 first", got2)
	}
	for _, s := range got1 {
		if s == "HOSP-1" {
			t.Errorf("plow-1 cab still shows HOSP-1: %v", got1)
		}
	}

	// A typo from the control room is rejected.
	if err := d.Reroute(ctx, "plow-1", "ELM-404"); !errors.Is(err, ErrUnknownSegment) {
		t.Fatalf("Reroute to unknown segment: %v", err)
	}

	if err := d.Ingest(ctx, Telemetry{PlowID: "plow-2", SegmentID: "HOSP-1", BladeDown: true}); err != nil {
		t.Fatalf("Ingest: %v", err)
	}

	sctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := d.Shutdown(sctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := d.Ingest(ctx, Telemetry{PlowID: "plow-2", SegmentID: "MAIN-2"}); !errors.Is(err, ErrShutdown) {
		t.Errorf("Ingest after Shutdown = %v, want ErrShutdown", err)
	}

	cleared, total, err := d.Progress("plow-2")
	if err != nil || cleared != 1 || total != 4 {
		t.Errorf("plow-2 progress = %d/%d (%v), want 1/4", cleared, total, err)
	}
	rem, _ := d.Route("plow-2")
	if want := []string{"MAIN-1", "BIRCH-1", "CEDAR-1"}; !reflect.DeepEqual(rem, want) {
		t.Errorf("plow-2 remaining = %v, want %v", rem, want)
	}
}
