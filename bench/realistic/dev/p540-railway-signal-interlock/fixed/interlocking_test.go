package interlock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type pointMotors struct {
	mu  sync.Mutex
	pos map[string]Position
}

func (p *pointMotors) Throw(ctx context.Context, point string, to Position) error {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	p.pos[point] = to
	p.mu.Unlock()
	return nil
}

type panelEvent struct {
	id    string
	state string
}

type testPanel struct {
	events chan panelEvent
}

func (p *testPanel) Route(routeID string, state RouteState) {
	p.events <- panelEvent{routeID, string(state)}
}

func (p *testPanel) Signal(signalID string, aspect Aspect) {
	p.events <- panelEvent{signalID, aspect.String()}
}

func (p *testPanel) expect(t *testing.T, id, state string) {
	t.Helper()
	select {
	case ev := <-p.events:
		if ev.id != id || ev.state != state {
			t.Fatalf("panel shows %s %s, want %s %s", ev.id, ev.state, id, state)
		}
	case <-time.After(time.Second):
		t.Fatalf("panel never showed %s %s", id, state)
	}
}

// Down main line through junction points 21: S10 reads to S14 over the main,
// S12 reads from the branch across 21 reverse to S16.
func junction() Layout {
	return Layout{
		Sections: []string{"T100", "T101", "T102", "T103", "T110", "T111"},
		Routes: []RouteDef{
			{ID: "S10-S14", Entry: "S10", Exit: "S14", Approach: "T100",
				Sections: []string{"T101", "T102", "T103"}, Points: map[string]Position{"21": Normal}},
			{ID: "S12-S16", Entry: "S12", Exit: "S16", Approach: "T110",
				Sections: []string{"T111", "T103"}, Points: map[string]Position{"21": Reverse}},
		},
	}
}

func TestCancelledRouteReleasesAfterApproachLocking(t *testing.T) {
	defer goleak.VerifyNone(t)

	panel := &testPanel{events: make(chan panelEvent, 32)}
	motors := &pointMotors{pos: map[string]Position{}}
	il, err := New(junction(), Config{Points: motors, Panel: panel, ApproachLockTime: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if err := il.SetRoute(ctx, "S10-S14"); err != nil {
		t.Fatal(err)
	}
	panel.expect(t, "S10-S14", "set")
	panel.expect(t, "S10", "proceed")
	motors.mu.Lock()
	if motors.pos["21"] != Normal {
		t.Fatalf("points 21 %s for the main line", motors.pos["21"])
	}
	motors.mu.Unlock()

	if err := il.TrackCircuit("T100", true); err != nil {
		t.Fatal(err)
	}
	err = il.SetRoute(ctx, "S12-S16")
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("conflicting route: got %v, want ErrConflict", err)
	}

	deferred, err := il.CancelRoute("S10-S14")
	if err != nil {
		t.Fatal(err)
	}
	if !deferred {
		t.Fatal("route released at once with a train on the approach")
	}
	panel.expect(t, "S10", "danger")
	panel.expect(t, "S10-S14", "approach-locked")
	panel.expect(t, "S10-S14", "releasing")

	il.Close()
	if _, err := il.CancelRoute("S12-S16"); err == nil {
		t.Fatal("cancel after close succeeded")
	}
}
