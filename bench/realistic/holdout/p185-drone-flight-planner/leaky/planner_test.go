package flightplan

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeChecker struct {
	restrictions map[string][]Restriction
}

func (f fakeChecker) Check(_ context.Context, m Mission) ([]Restriction, error) {
	return f.restrictions[m.ID], nil
}

// fakeFleet launches instantly; every drone reports one frame in flight
// and one on the ground.
type fakeFleet struct {
	mu       sync.Mutex
	launched []string
}

func (f *fakeFleet) Launch(_ context.Context, droneID string, _ []Waypoint) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.launched = append(f.launched, droneID)
	return nil
}

func (f *fakeFleet) Telemetry(_ context.Context, droneID string) (<-chan Frame, error) {
	ch := make(chan Frame, 2)
	at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	ch <- Frame{DroneID: droneID, Position: Waypoint{AltM: 60}, BatteryPct: 80, At: at}
	ch <- Frame{DroneID: droneID, BatteryPct: 71, Landed: true, At: at.Add(12 * time.Minute)}
	close(ch)
	return ch, nil
}

func route() []Waypoint {
	return []Waypoint{{Lat: 51.50, Lon: -0.12, AltM: 60}, {Lat: 51.52, Lon: -0.10, AltM: 60}}
}

func TestMissionHeldByNoticeFliesAfterWithdrawal(t *testing.T) {
	defer goleak.VerifyNone(t)

	held := make(chan string, 8)
	p, err := New(Config{
		Checker: fakeChecker{restrictions: map[string][]Restriction{
			"m-blocked": {{ID: "TFR-88", Reason: "stadium event", Blocking: true}},
		}},
		Fleet:  &fakeFleet{},
		OnHold: func(mission, _ string) { held <- mission },
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	err = p.Submit(ctx, Mission{ID: "m-blocked", DroneID: "d-9", Corridor: "thames-east", Route: route()})
	if !errors.Is(err, ErrRestricted) {
		t.Fatalf("Submit restricted mission: got %v, want ErrRestricted", err)
	}
	if err := p.Submit(ctx, Mission{ID: "m-bad", Corridor: "thames-east", Route: route()}); !errors.Is(err, ErrInvalidMission) {
		t.Fatalf("Submit mission without drone: got %v, want ErrInvalidMission", err)
	}

	if err := p.ApplyNotice(Notice{ID: "N0412/24", Corridor: "thames-east", Active: true}); err != nil {
		t.Fatal(err)
	}
	if err := p.Submit(ctx, Mission{ID: "m-1", DroneID: "d-1", Corridor: "thames-east", Route: route()}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
	if got := <-held; got != "m-1" {
		t.Fatalf("held mission = %q, want m-1", got)
	}
	if st, _ := p.Status("m-1"); st != StateHolding {
		t.Fatalf("state = %v, want holding", st)
	}

	// The notice is withdrawn; the queued mission may now launch.
	if err := p.ApplyNotice(Notice{ID: "N0412/24", Corridor: "thames-east", Active: false}); err != nil {
		t.Fatal(err)
	}
}
