package arrivals

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

// fakeSign is a stop display that hands every board it receives to the test.
type fakeSign struct {
	id, stop string
	boards   chan Board
}

func newFakeSign(id, stop string) *fakeSign {
	return &fakeSign{id: id, stop: stop, boards: make(chan Board, 8)}
}

func (s *fakeSign) ID() string     { return s.id }
func (s *fakeSign) StopID() string { return s.stop }

func (s *fakeSign) Push(ctx context.Context, b Board) error {
	select {
	case s.boards <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *fakeSign) next(t *testing.T) Board {
	t.Helper()
	select {
	case b := <-s.boards:
		return b
	case <-time.After(time.Second):
		t.Fatalf("sign %s received no board", s.id)
		return Board{}
	}
}

func TestRebootedSignTakesOverBoard(t *testing.T) {
	defer goleak.VerifyNone(t)

	clock := &fakeClock{now: time.Date(2023, 9, 4, 7, 45, 0, 0, time.UTC)}
	hub := NewHub(WithPushTimeout(time.Second))
	defer hub.Close()
	pred := NewPredictor(Config{Clock: clock}, hub)
	ctx := context.Background()

	before := newFakeSign("sign-0412", "stop-ELM-5TH")
	if err := hub.Register(before); err != nil {
		t.Fatalf("Register: %v", err)
	}

	pos := VehiclePosition{
		VehicleID:       "bus-3301",
		RouteID:         "14",
		TripID:          "14-0740-N",
		NextStopID:      "stop-ELM-5TH",
		DistanceToStopM: 600,
		SpeedMPS:        10,
		Timestamp:       clock.now.Add(-5 * time.Second),
	}
	p, err := pred.Observe(ctx, pos)
	if err != nil {
		t.Fatalf("Observe: %v", err)
	}
	if want := pos.Timestamp.Add(time.Minute); !p.ArrivesAt.Equal(want) {
		t.Fatalf("ArrivesAt = %v, want %v", p.ArrivesAt, want)
	}
	if b := before.next(t); len(b.Arrivals) != 1 || b.Arrivals[0].VehicleID != "bus-3301" {
		t.Fatalf("unexpected board %+v", b)
	}

	// The sign power-cycles and registers again with the same ID.
	after := newFakeSign("sign-0412", "stop-ELM-5TH")
	if err := hub.Register(after); err != nil {
		t.Fatalf("Register after reboot: %v", err)
	}

	pos.DistanceToStopM = 300
	pos.Timestamp = clock.now
	if _, err := pred.Observe(ctx, pos); err != nil {
		t.Fatalf("Observe: %v", err)
	}
	if b := after.next(t); len(b.Arrivals) != 1 {
		t.Fatalf("unexpected board after reboot %+v", b)
	}
	select {
	case b := <-before.boards:
		t.Fatalf("superseded registration still received %+v", b)
	default:
	}

	stale := pos
	stale.Timestamp = clock.now.Add(-10 * time.Minute)
	if _, err := pred.Observe(ctx, stale); !errors.Is(err, ErrStalePosition) {
		t.Fatalf("Observe stale: got %v, want %v", err, ErrStalePosition)
	}
}
